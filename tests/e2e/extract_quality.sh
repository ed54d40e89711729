# extract_quality.sh: the extractor against the shared corpus with
# ../shared/tools/corpus_eval.py (its docstring defines the metric). Prints
# the figures and fails below the targets of issue 3: mean body token F1 >=
# 0.92 on pages/readability, titles exact on >= 90 % of them, and >= 90 % of
# the security/ field checks.
. "$TOP/tests/e2e-lib.sh"
eval_py="$SHARED/tools/corpus_eval.py"
[ -f "$eval_py" ] || die "no $eval_py"
/usr/bin/python3 "$eval_py" --cmd "$SECNEWS extract --json {file}" --corpus "$SHARED/corpus" >eval.txt 2>&1 \
	|| { cat eval.txt; die "corpus_eval.py failed"; }
cat eval.txt
/usr/bin/python3 - <<'PY' || die "below the quality targets"
import re, sys
t = open('eval.txt').read()
f1 = float(re.search(r'mean body token F1 ([0-9.]+)', t).group(1))
ti, tn = map(int, re.search(r'title exact (\d+)/(\d+)', t).groups())
si, sn = map(int, re.search(r'security pages: (\d+)/(\d+)', t).groups())
print(f'body F1 {f1:.3f} (target 0.92), titles {ti}/{tn} (target 90 %), security {si}/{sn} (target 90 %)')
ok = f1 >= 0.92 and ti * 100 >= tn * 90 and si * 100 >= sn * 90
sys.exit(0 if ok else 1)
PY
