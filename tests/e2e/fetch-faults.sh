# fetch-faults.sh: every way a feed can fail is recorded on that feed with a
# clear error while the other feeds go on; retries honour Retry-After and
# back off; a run fails only when every feed failed.
. "$TOP/tests/e2e-lib.sh"
. "$TOP/tests/server-lib.sh"
mkdir -p www/pages
cp "$TOP/tests/data/fetch/news.xml" "$TOP/tests/data/fetch/bomb.xml" www/
cp "$SHARED/corpus/security/threatpost-android-ransomware/source.html" www/pages/story.html
start_server www
dead=$(free_port)
L="--host-delay=0 --retries=2 --backoff=50 --max-backoff=5 --timeout=20 --low-speed-time=1 --low-speed-limit=1000"

# error text expected in `feed list` for each feed URL (a fixed string)
cat >cases.tsv <<EOF
$BASE/nothing.xml	HTTP 404: not found
$BASE/news.xml?status=410	HTTP 410: gone
$BASE/news.xml?status=500	HTTP 500: server error
$BASE/news.xml?status=503&retry_after=3600	HTTP 503: service unavailable
$BASE/loop.xml?loop=1	redirect loop
$BASE/r1.xml?redirect=file:///etc/passwd	only http and https
$BASE/news.xml?truncate=1	truncated body
$BASE/news.xml?stall=30	stalled
$BASE/big.xml?size=3000000	larger than the limit
$BASE/big2.xml?size=3000000&nolength=1	larger than the limit
$BASE/pages/story.html	got an HTML page
$BASE/junk.bin?size=5000	not a feed
$BASE/bomb.xml	entity expansion bomb
https://127.0.0.1:$PORT/news.xml	TLS error
http://127.0.0.1:$dead/news.xml	connection failed
EOF
while IFS='	' read -r url msg; do expect_status 0 "$SECNEWS" feed add "$url"; done <cases.tsv
# and feeds that work: one directly, one after a redirect, one after 429 with
# Retry-After, one after two 503s without it (exponential backoff)
expect_status 0 "$SECNEWS" feed add "$BASE/news.xml?redirect=/news.xml%3Fnoetag=1"
expect_status 0 "$SECNEWS" feed add "$BASE/news.xml?fail_first=1&status=429&retry_after=1"
expect_status 0 "$SECNEWS" feed add "$BASE/news.xml?fail_first=2&status=503"
past="Wed,%2021%20Oct%202015%2007:28:00%20GMT" # Retry-After as an HTTP date, already past
expect_status 0 "$SECNEWS" feed add "$BASE/news.xml?fail_first=1&status=503&retry_after=$past"

expect_status 0 "$SECNEWS" fetch $L --max-size 1M
nfail=$(wc -l <cases.tsv)
contains err.txt "19 feeds checked, 0 not modified, 3 new articles, $nfail failed"
"$SECNEWS" feed list --format json >list.json || die "feed list failed"
while IFS='	' read -r url msg; do
	/usr/bin/python3 - "$url" "$msg" <<'PY' || die "feed $url: expected an error with '$msg'"
import json, sys
url, msg = sys.argv[1], sys.argv[2]
for line in open("list.json"):
    f = json.loads(line)
    if f["url"] == url:
        err = f["last_error"] or ""
        if msg not in err or f["failures"] != 1 or not f["last_checked"]:
            print("got:", f, file=sys.stderr)
            sys.exit(1)
        sys.exit(0)
sys.exit(1)
PY
done <cases.tsv
# the error is also on stderr, one line per failed feed
contains err.txt "nothing.xml: failed: HTTP 404: not found"
# retries: 429 once then fine (2 requests), 503 twice then fine (3 requests)
[ "$(requests "/news.xml?fail_first=1&status=429&retry_after=1")" = 2 ] || die "429 not retried once"
[ "$(requests "/news.xml?fail_first=2&status=503")" = 3 ] || die "503 not retried twice"
[ "$(requests "/news.xml?fail_first=1&status=503&retry_after=$past")" = 2 ] || die "HTTP-date Retry-After"
# 503 with a long Retry-After: no retry now, the feed waits; 500 is not retried
[ "$(requests "/news.xml?status=503&retry_after=3600")" = 1 ] || die "a long Retry-After was waited for"
[ "$(requests "/news.xml?status=500")" = 1 ] || die "500 retried"
[ -n "$(sql "SELECT retry_after FROM source WHERE url = '$BASE/news.xml?status=503&retry_after=3600'")" ] ||
	die "Retry-After not recorded"
# a redirect loop is followed 5 times, no more
[ "$(requests "/loop.xml?loop=1")" = 6 ] || die "more than 5 redirects followed"
# the good feeds' items were stored once (three feeds, same items)
[ "$(sql "SELECT count(*) FROM article")" = 3 ] || die "articles of the working feeds missing"

# the next run leaves the 503 feed alone until its Retry-After
: >"$SLOG"
expect_status 0 "$SECNEWS" fetch $L --max-size 1M
contains err.txt "deferred"
contains err.txt "1 deferred"
[ "$(requests "/news.xml?status=503&retry_after=3600")" = 0 ] || die "Retry-After not honoured"
[ "$(sql "SELECT failures FROM source WHERE url = '$BASE/nothing.xml'")" = 2 ] || die "failures not counted"

# an item page failing for now (503) with only a summary: not stored, and the
# next fetch asks for the feed unconditionally and tries the page again
rm -f test.db
cp "$TOP/tests/data/fetch/flaky.xml" www/
expect_status 0 "$SECNEWS" feed add "$BASE/flaky.xml"
expect_status 0 "$SECNEWS" fetch $L --retries 0
contains err.txt "will try again next time"
contains err.txt "1 articles failed"
[ "$(sql "SELECT count(*) FROM article")" = 0 ] || die "a summary was stored for a transient failure"
[ "$(sql "SELECT count(*) FROM feed_item")" = 0 ] || die "a transiently failed item was recorded"
: >"$SLOG"
expect_status 0 "$SECNEWS" fetch $L --retries 0
[ "$(grep '^START' "$SLOG" | grep flaky.xml | cut -f6)" = "-" ] || die "conditional request after failed items"
[ "$(requests "/pages/flaky.html?status=503")" = 1 ] || die "the failed page was not tried again"

# only failing feeds: the run fails
rm -f test.db
expect_status 0 "$SECNEWS" feed add "$BASE/nothing.xml"
expect_status 0 "$SECNEWS" feed add "http://127.0.0.1:$dead/feed.xml"
expect_status 3 "$SECNEWS" fetch $L
contains err.txt "2 feeds checked, 0 not modified, 0 new articles, 2 failed"

# schemes other than http and https are refused up front
expect_status 2 "$SECNEWS" feed add file:///etc/passwd
contains err.txt "only http and https"
expect_status 2 "$SECNEWS" get ftp://127.0.0.1/x
expect_status 2 "$SECNEWS" get "file://$PWD/www/news.xml"
exit 0
