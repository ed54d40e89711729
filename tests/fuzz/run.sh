#!/bin/sh
# run.sh: run each libFuzzer target for SECONDS, seeded from the test files
# and the shared corpus; crash inputs go to tests/fuzz/regress/TARGET/.
# usage: tests/fuzz/run.sh BUILD SECONDS TARGET...   (from the top folder)
# Prints one line per target: how long it ran, how many inputs, what it found.
build=$1 secs=$2
shift 2
shared=${SECNEWS_SHARED:-../shared}
top=$(pwd)
found=0
# seed DIR FILE...: copy the files that exist into DIR under distinct names
seed() {
	d=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		cp "$f" "$d/$(printf '%s' "$f" | tr '/' '_')"
	done
}
# seed_lines DIR FILE: one seed per line of FILE, with \xNN and \n, \0 escapes
seed_lines() {
	i=0
	while IFS= read -r line; do
		i=$((i + 1))
		/usr/bin/python3 -c 'import sys; sys.stdout.buffer.write(sys.argv[1].encode("latin-1").decode("unicode_escape").encode("latin-1"))' \
			"$line" >"$1/line$i" 2>/dev/null || printf '%s' "$line" >"$1/line$i"
	done <"$2"
}
for t in "$@"; do
	bin=$build/fuzz/$t
	corpus=$build/corpus/$t
	regress=$top/tests/fuzz/regress/$t
	mkdir -p "$corpus" "$regress"
	maxlen=65536
	case $t in
	fuzz_html | fuzz_charset)
		seed "$corpus" "$shared"/corpus/pages/readability/*/source.html "$shared"/corpus/security/*/source.html \
			"$shared"/corpus/feeds/feedparser/*.xml data/samples/* ;;
	fuzz_text | fuzz_tagger)
		seed "$corpus" "$shared"/corpus/seed-article.txt data/samples/* \
			"$shared"/corpus/security/*/expected.json ;;
	fuzz_feed*)
		seed "$corpus" "$shared"/corpus/feeds/feedparser/*.xml ;;
	fuzz_date)
		maxlen=256
		seed_lines "$corpus" tests/fuzz/seeds/date.txt ;;
	fuzz_query)
		maxlen=1024
		seed_lines "$corpus" tests/fuzz/seeds/query.txt ;;
	fuzz_csv | fuzz_json)
		maxlen=4096
		seed_lines "$corpus" tests/fuzz/seeds/strings.txt ;;
	esac
	seed "$corpus" "$regress"/*
	log=$build/$t.log
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$maxlen \
		-print_final_stats=1 -artifact_prefix="$regress/" "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	took=$(sed -n 's/^stat::.*//; s/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "$t: ${took:-$secs} s, ${runs:-?} inputs, no finding"
	else
		found=$((found + 1))
		echo "$t: FINDING after ${runs:-?} inputs (exit $rc); input kept in tests/fuzz/regress/$t/; log $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz invariant)|runtime error' "$log" | head -5
	fi
done
[ $found -eq 0 ]
