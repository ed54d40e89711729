# harden_concurrency.sh: concurrent use (issue 7, item 3). Two ingests and a
# fetch (from a feed on a local test server) write while searches, listings
# and a raw SQL reader run in a loop. No command may fail with "database is
# locked" or any other error, and no reader may ever see an article without
# its mentions (every page of the batches names a known actor).
. "$TOP/tests/e2e-lib.sh"
pages=${HARDEN_PAGES:-300}
[ -z "${HARDEN_LIGHT:-}" ] || pages=${HARDEN_PAGES:-40}
/usr/bin/python3 "$TOP/tests/harden_pages.py" "$SHARED" batch1 "$pages" 11 || die "cannot build batch 1"
/usr/bin/python3 "$TOP/tests/harden_pages.py" "$SHARED" batch2 "$pages" 12 || die "cannot build batch 2"
# batch 2 must differ from batch 1 as text, not only by seed: renumber it
for f in batch2/*; do sed -i 's/Report \([0-9]*\) of the batch/Second report \1 of the batch/; s#batch\.example/#batch2.example/#' "$f"; done
# a third writer: fetch, from a feed on a local test server (127.0.0.1 only)
. "$TOP/tests/server-lib.sh"
nfeed=$((pages / 5))
/usr/bin/python3 "$TOP/tests/harden_pages.py" "$SHARED" www/pages "$nfeed" 13 || die "cannot build the fetched pages"
for f in www/pages/*; do sed -i 's/Report \([0-9]*\) of the batch/Fetched report \1 of the batch/; s#batch\.example/#fetched.example/#' "$f"; done
{
	printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
	for f in www/pages/*; do
		b=$(basename "$f")
		printf '<item><title>%s</title><guid>urn:%s</guid><link>{{BASE}}/pages/%s</link></item>' "$b" "$b" "$b"
	done
	printf '</channel></rss>'
} >www/feed.xml
start_server www
"$SECNEWS" init 2>/dev/null || die "init failed"
"$SECNEWS" feed add "$BASE/feed.xml" >/dev/null 2>&1 || die "feed add failed"

"$SECNEWS" ingest batch1 >w1.out 2>w1.err &
w1=$!
"$SECNEWS" ingest batch2 >w2.out 2>w2.err &
w2=$!
"$SECNEWS" fetch --host-delay 0 --per-host 4 --max-items 1000 >w3.out 2>w3.err &
w3=$!
i=0 orphans=0
: >readers.err
while kill -0 $w1 2>/dev/null || kill -0 $w2 2>/dev/null || kill -0 $w3 2>/dev/null; do
	i=$((i + 1))
	for cmd in "search APT28" "actor" "actor APT28" "vendor" "stats" "search --limit 5 report"; do
		# shellcheck disable=SC2086
		"$SECNEWS" $cmd >r.out 2>r.err
		rc=$?
		[ $rc -le 1 ] || { cat r.err; die "'secnews $cmd' exited $rc during the ingest"; }
		cat r.err >>readers.err
	done
	# one statement is one snapshot: no article may be visible without a mention
	n=$(sqlite3 -cmd ".timeout 10000" "$SECNEWS_DB" \
		"SELECT count(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM mention m WHERE m.article_id = a.id)")
	[ "$n" = 0 ] || die "a reader saw $n articles without their mentions"
	orphans=$((orphans + n))
done
wait $w1 || { cat w1.err; die "ingest 1 failed"; }
wait $w2 || { cat w2.err; die "ingest 2 failed"; }
wait $w3 || { cat w3.err; die "fetch failed"; }
for f in w1.err w2.err w3.err readers.err; do
	lacks $f "locked"
	lacks $f "busy"
done
echo "$i reader rounds while two ingests and a fetch wrote"
[ $i -ge 1 ] || die "the readers did not run during the ingest"
n=$(sql "SELECT count(*) FROM article")
want=$(cat w1.out w2.out w3.out | grep -cE '^(new|copy)')
[ "$(grep -cE '^(new|copy)' w3.out)" -ge $((nfeed / 2)) ] || { cat w3.err; die "fetch stored few of its $nfeed pages"; }
[ "$n" = "$want" ] || die "stored $n articles, the ingests reported $want new"
[ "$n" -ge "$pages" ] || die "only $n articles stored from two batches of $pages"
[ "$(sql "PRAGMA integrity_check")" = ok ] || die "integrity_check"
