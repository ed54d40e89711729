# fetch-basic.sh: feed add + fetch against the local test server: articles from
# pages and from feed text, items remembered, conditional requests (ETag and
# Last-Modified) and 304s on the second run, gzip, charsets, Atom links.
. "$TOP/tests/e2e-lib.sh"
. "$TOP/tests/server-lib.sh"
mkdir -p www/pages www/blog
cp "$TOP/tests/data/fetch/news.xml" "$TOP/tests/data/fetch/atom.xml" "$TOP/tests/data/fetch/latin1.xml" www/
cp "$SHARED/corpus/security/threatpost-android-ransomware/source.html" www/pages/story.html
start_server www
F=--host-delay=0

expect_status 0 "$SECNEWS" feed add "$BASE/news.xml?gzip=1" --name "Wire"
expect_status 0 "$SECNEWS" fetch $F
contains err.txt "1 feeds checked, 0 not modified, 3 new articles, 0 failed"
[ "$(wc -l <out.txt)" = 3 ] || die "expected 3 stored articles on stdout"
contains out.txt "new	"
# every item's page was requested once, politely and compressed
[ "$(requests /pages/story.html)" = 1 ] || die "the story page was not fetched exactly once"
[ "$(requests /pages/gone-full.html)" = 1 ] || die "a relative item link was not resolved"
grep -q "	secnews/[0-9.]* (" "$SLOG" || die "User-Agent does not name secnews and its version"
awk -F'\t' '$3 ~ /news.xml/ && $1 == "START"' "$SLOG" | grep -q gzip || die "gzip was not offered"
[ "$(sql "SELECT count(*) FROM article")" = 3 ] || die "3 articles expected"
[ "$(sql "SELECT count(*) FROM feed_item WHERE article_id IS NOT NULL")" = 3 ] || die "feed items not recorded"
# page gone (404) but the item has content:encoded: the full text, marked full
[ "$(sql "SELECT full_text FROM article WHERE url = '$BASE/pages/gone-full.html'")" = 1 ] ||
	die "content:encoded was not stored as full text"
sql "SELECT body FROM article WHERE url = '$BASE/pages/gone-full.html'" >body.txt
contains body.txt "Attackers exploited four flaws in Microsoft Exchange Server"
contains body.txt "names the & ampersand and a bold word."
lacks body.txt "alert(1)"
lacks body.txt "<p>"
[ "$(sql "SELECT author || '|' || published FROM article WHERE url = '$BASE/pages/gone-full.html'")" = \
	"Jane Analyst|2021-03-03T10:00:00Z" ] || die "author or date of the feed item lost"
# page gone and only a summary: stored, marked as a summary
[ "$(sql "SELECT full_text || '|' || title FROM article WHERE url = '$BASE/pages/gone-summary.html'")" = \
	"0|Summary & nothing more" ] || die "summary-only item not stored as a summary"
[ "$(sql "SELECT count(*) FROM article WHERE url = '$BASE/pages/story.html' AND source_id = 1")" = 1 ] ||
	die "the story page was not stored"
if "$SECNEWS" extract "$SHARED/corpus/security/threatpost-android-ransomware/source.html" >/dev/null 2>&1; then
	# with a working extractor the page itself is stored, in full
	[ "$(sql "SELECT full_text FROM article WHERE url = '$BASE/pages/story.html'")" = 1 ] ||
		die "the story page was stored from the feed summary although it could be extracted"
fi

# second run: one conditional request, 304, nothing parsed or fetched again
: >"$SLOG"
expect_status 0 "$SECNEWS" fetch $F
contains err.txt "1 feeds checked, 1 not modified, 0 new articles, 0 failed"
[ ! -s out.txt ] || die "the second fetch stored something"
[ "$(grep -c '^START' "$SLOG")" = 1 ] || die "the second fetch made more than the feed request"
etag=$(grep '^START' "$SLOG" | cut -f6)
case $etag in '"'*'"') ;; *) die "no If-None-Match sent back (got '$etag')" ;; esac
grep -q '	304$' "$SLOG" || die "no 304"
expect_status 0 "$SECNEWS" feed list
contains out.txt "304"
contains out.txt "Wire"

# Last-Modified alone round-trips too; Atom: xml:base, rel=alternate, xhtml content
expect_status 0 "$SECNEWS" feed add "$BASE/atom.xml?noetag=1"
expect_status 0 "$SECNEWS" fetch $F --feed "$BASE/atom.xml?noetag=1"
[ "$(requests /blog/advisory-1.html)" = 1 ] || die "Atom alternate link not resolved against xml:base"
[ "$(sql "SELECT full_text || '|' || published || '|' || author || '|' || site FROM article WHERE url = '$BASE/blog/advisory-1.html'")" = \
	"1|2024-05-14T07:30:00Z|Product Security Team|Vendor Advisories" ] || die "Atom entry fields wrong"
sql "SELECT body FROM article WHERE url = '$BASE/blog/advisory-1.html'" >body.txt
contains body.txt "A use-after-free in the renderer was fixed."
contains body.txt "Update now."
[ "$(sql "SELECT name FROM source WHERE url = '$BASE/atom.xml?noetag=1'")" = "Vendor Advisories" ] ||
	die "a feed added without a name is not named after its title"
: >"$SLOG"
expect_status 0 "$SECNEWS" fetch $F --feed "$BASE/atom.xml?noetag=1"
ims=$(grep '^START' "$SLOG" | cut -f7)
[ "$ims" != "-" ] || die "no If-Modified-Since sent back"
[ "$(grep '^START' "$SLOG" | cut -f6)" = "-" ] || die "If-None-Match sent without an ETag"
contains err.txt "1 not modified"

# charset from the HTTP header (no XML declaration), stored as UTF-8
expect_status 0 "$SECNEWS" feed add "$BASE/latin1.xml?type=application/rss%2Bxml;%20charset=iso-8859-1"
expect_status 0 "$SECNEWS" fetch $F
[ "$(sql "SELECT title FROM article WHERE url = '$BASE/pages/latin1-gone.html'")" = "Résumé of the naïve attack" ] ||
	die "ISO-8859-1 title not converted"
sql "SELECT body FROM article WHERE url = '$BASE/pages/latin1-gone.html'" >body.txt
contains body.txt "Le pirate a volé des données – selon l’expert."
exit 0
