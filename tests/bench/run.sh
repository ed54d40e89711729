#!/bin/sh
# run.sh: the figures `make bench` prints. usage: tests/bench/run.sh BUILD_DIR
# Inputs are generated under tests/bench/gen/ (ignored by git) from the
# shared corpus when it is there, and reused on later runs.
set -e
build=$1
bin=$build/secnews
bench=$build/tests/bench
shared=$(cd "${SECNEWS_SHARED:-../shared}" && pwd)
gen=tests/bench/gen
pages=${BENCH_PAGES:-2000}
articles=${BENCH_ARTICLES:-100000}
mkdir -p "$gen"

if [ ! -d "$gen/pages-$pages" ]; then
	echo "bench: generating $pages pages in $gen/pages-$pages" >&2
	/usr/bin/python3 - "$shared" "$gen/pages-$pages" "$pages" <<'PY'
import os, re, sys
shared, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
src = []
for base in ('corpus/pages/readability', 'corpus/security'):
    d = os.path.join(shared, base)
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name, 'source.html')
        if os.path.exists(p):
            src.append(open(p, 'rb').read())
os.makedirs(out, exist_ok=True)
for i in range(n):
    page = src[i % len(src)]
    # a distinct copy: its own address (canonical, og:url) and a unique
    # word in every paragraph, so each is stored as a new article
    tag = b'%d' % i
    page = re.sub(rb'((?:href|content)=["\']https?://[^"\'#]+)', lambda m: m.group(1) + b'#copy' + tag, page)
    page = page.replace(b'<p>', b'<p>Copy' + tag + b' ')
    open(os.path.join(out, '%05d.html' % i), 'wb').write(page)
PY
fi
mb=$(du -sm "$gen/pages-$pages" | cut -f1)
echo "# secnews bench ($(date -u +%Y-%m-%d), $(nproc) cores; inputs: $pages corpus pages, ${mb} MB)"
rm -f "$gen/ingest.db" "$gen/ingest.db-wal" "$gen/ingest.db-shm"
"$bench" exec ingest_pages_per_s "$pages" pages/s "$bin" --db "$gen/ingest.db" ingest "$gen/pages-$pages" || true
top=$(pwd)
if [ -x "$build/tests/bench_extract" ]; then "$build/tests/bench_extract" "$shared"; fi
if [ -x "$build/tests/bench_tag" ]; then
	# bench_tag leaves its aliases and text behind for the grep comparison
	(cd "$gen" && "$top/$build/tests/bench_tag" "$shared")
	if [ -f "$gen/bench_tag_aliases.txt" ]; then
		head -c 4000000 "$gen/bench_tag_text.txt" > "$gen/grep_text.txt"
		t0=$(date +%s.%N)
		LC_ALL=C grep -F -i -w -o -f "$gen/bench_tag_aliases.txt" "$gen/grep_text.txt" | wc -l >/dev/null
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%-32s %12.2f MB/s (LC_ALL=C grep -F -i -w -o -f, same aliases, 4 MB of the same text)\n", "grep_fiw_mb_per_s", 4 / (b - a) }'
	fi
fi
"$bench" store "$gen/store.db" "$articles"
# secnews serve under load on that database while an ingest writes (wrk)
sh tests/bench/serve.sh "$bin" "$gen/store.db" "$gen/pages-$pages" || true
"$bench" export 20000
"$bench" feed "$shared/corpus/feeds/feedparser/wellformed_sanitize_large_atom_feed_that_needs_css_sanitisation.xml"
