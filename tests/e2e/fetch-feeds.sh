# fetch-feeds.sh: feed add / list / rm / import (TSV, OPML, the bundled list) /
# export (OPML, which imports back to the same list). No network needed.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" feed add https://a.example.org/feed.xml --name "Site A"
contains err.txt "added"
expect_status 0 "$SECNEWS" feed add https://a.example.org/feed.xml
contains err.txt "already present"
expect_status 2 "$SECNEWS" feed add "file:///etc/passwd"
contains err.txt "only http and https"
expect_status 2 "$SECNEWS" feed add "not a url"
expect_status 2 "$SECNEWS" feed add
expect_status 2 "$SECNEWS" feed frobnicate
expect_status 0 "$SECNEWS" feed list
contains out.txt "Site A"
contains out.txt "https://a.example.org/feed.xml"
contains out.txt "never"
[ "$(wc -l <out.txt)" = 2 ] || die "one header and one feed expected"
expect_status 0 "$SECNEWS" feed list --format csv
contains out.txt '"Site A","https://a.example.org/feed.xml","",,"",0'
expect_status 0 "$SECNEWS" feed rm https://a.example.org/feed.xml
expect_status 1 "$SECNEWS" feed rm https://a.example.org/feed.xml
contains err.txt "no such feed"
expect_status 1 "$SECNEWS" feed list

# TSV: header, comments, a bare URL, a bad line
printf '# my list\nsite\tfeed_url\tkind\nOne\thttps://one.example.org/rss\tnews\nhttps://two.example.org/atom.xml\nBad\tgopher://x.example.org/\tnews\n' >list.tsv
expect_status 0 "$SECNEWS" feed import list.tsv
contains err.txt "2 added, 0 already present, 1 invalid"
[ "$(sql "SELECT name || '|' || category FROM source WHERE url = 'https://one.example.org/rss'")" = "One|news" ] ||
	die "TSV name and kind not kept"

# OPML, nested folders; the folder name is the category
expect_status 0 "$SECNEWS" feed import "$TOP/tests/data/fetch/subscriptions.opml"
contains err.txt "3 added, 0 already present, 1 invalid"
[ "$(sql "SELECT name || '|' || category FROM source WHERE url = 'https://news.example.org/feed/'")" = \
	"Example Wire & Co|Security news" ] || die "OPML title or folder lost"
[ "$(sql "SELECT category FROM source WHERE url = 'http://blog.example.net/rss.xml'")" = research ] ||
	die "OPML category attribute lost"

# export and import back into an empty database: the same feeds
expect_status 0 "$SECNEWS" feed export
cp out.txt export.opml
contains export.opml '<opml version="2.0">'
contains export.opml 'title="Example Wire &amp; Co"'
/usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' export.opml ||
	die "the export is not well-formed XML"
expect_status 0 "$SECNEWS" --db other.db feed import export.opml
contains err.txt "5 added, 0 already present, 0 invalid"
[ "$(sqlite3 other.db "SELECT url, name, category FROM source ORDER BY url")" = \
	"$(sql "SELECT url, name, category FROM source ORDER BY url")" ] || die "export/import round trip differs"

# the bundled list: every line a valid http(s) feed, imported once
expect_status 0 "$SECNEWS" --db default.db feed import --default
n=$(grep -v '^#' "$TOP/data/feeds.tsv" | grep -vc '^site	')
contains err.txt "$n added, 0 already present, 0 invalid"
[ "$n" -ge 50 ] || die "the default list is short"
expect_status 0 "$SECNEWS" --db default.db feed import --default
contains err.txt "0 added, $n already present"
[ "$(sqlite3 default.db "SELECT count(DISTINCT category) FROM source")" = 4 ] || die "kinds lost"
expect_status 0 "$SECNEWS" --db default.db feed list --format json
/usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert all(r["url"].startswith(("http://", "https://")) and r["last_checked"] is None for r in rows), rows
print(len(rows))' out.txt >count.txt || die "feed list --format json is not JSON lines"
[ "$(cat count.txt)" = "$n" ] || die "json list length"
exit 0
