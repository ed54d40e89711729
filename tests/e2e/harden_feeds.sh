# harden_feeds.sh: hostile feeds through `secnews fetch` against a local test
# server on 127.0.0.1 (issue 7, item 5): an entity-expansion bomb, external
# entities (general and parameter) naming a local file whose text must never
# appear in any output or in the database, and a feed of 1,000,000 items; all
# with bounded time and memory.
. "$TOP/tests/e2e-lib.sh"
. "$TOP/tests/server-lib.sh"
secret="FEEDSECRET-$$-must-not-leak"
printf '%s\n' "$secret" >secret.txt
mkdir -p www
lol='<!ENTITY lol0 "lol">'
i=1
while [ $i -le 9 ]; do
	lol="$lol<!ENTITY lol$i \"$(printf "&lol$((i - 1));%.0s" 1 2 3 4 5 6 7 8 9 10)\">"
	i=$((i + 1))
done
# an item whose page is gone for good (404), so that its own text is stored
item() {
	printf '<item><title>%s</title><guid>%s</guid><link>{{BASE}}/gone/%s?status=404</link>' "$1" "$2" "$2"
	printf '<description>%s</description><content:encoded>%s</content:encoded></item>' "$3" "$3"
}
ns='xmlns:content="http://purl.org/rss/1.0/modules/content/"' 
story="APT28 exploited a router flaw in a long campaign against ministries, researchers said on Monday."
{
	printf '<?xml version="1.0"?><!DOCTYPE rss [%s]><rss version="2.0" %s><channel><title>Bomb &lol9;</title>' "$lol" "$ns"
	item "Bomb item &lol9;" "urn:bomb:1" "$story &lol9;"
	printf '</channel></rss>'
} >www/bomb.xml
{
	printf '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://%s/secret.txt">]>' "$PWD"
	printf '<rss version="2.0" %s><channel><title>XXE &xxe;</title>' "$ns"
	item "XXE item &xxe;" "urn:xxe:1" "$story one &xxe;"
	printf '</channel></rss>'
} >www/xxe.xml
{
	printf '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY %% ext SYSTEM "file://%s/secret.txt"> %%ext;]>' "$PWD"
	printf '<rss version="2.0" %s><channel><title>Parameter entity</title>' "$ns"
	item "PE item" "urn:pe:1" "$story two"
	printf '</channel></rss>'
} >www/pe.xml
{
	printf '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://%s/secret.txt">]>' "$PWD"
	printf '<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom &xxe;</title><id>urn:a</id>'
	printf '<entry><title>Atom entry &xxe;</title><id>urn:atom:1</id><link href="{{BASE}}/gone/atom?status=404"/>'
	printf '<content type="html">%s three &amp;xxe; &xxe;</content></entry></feed>' "$story"
} >www/atom-xxe.xml
/usr/bin/python3 - www/items-1m.xml <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>')
    for i in range(1000000):
        f.write("<item><title>t%d</title><guid>g%d</guid></item>" % (i, i))
    f.write("</channel></rss>")
PY
start_server www
for f in bomb xxe pe atom-xxe items-1m; do
	expect_status 0 "$SECNEWS" feed add "$BASE/$f.xml"
done
if grep -q __asan_init "$SECNEWS" 2>/dev/null; then limit_mem="" tmo=600; else limit_mem="ulimit -v 2097152;" tmo=120; fi
feeds="bomb xxe pe atom-xxe items-1m"
[ -z "${HARDEN_LIGHT:-}" ] || { limit_mem="" tmo=900 feeds="bomb xxe pe atom-xxe"; } # valgrind
for f in $feeds; do
	sh -c "$limit_mem exec timeout -s KILL $tmo \"\$@\"" sh "$SECNEWS" fetch --feed "$BASE/$f.xml" --max-size 100M \
		--max-items 5000 >out.txt 2>err.txt
	rc=$?
	echo "$f: exit $rc: $(tail -1 err.txt)"
	[ $rc -le 3 ] || { tail -5 err.txt; die "$f: exit $rc (137: killed after $tmo s or out of memory)"; }
	lacks out.txt "$secret"
	lacks err.txt "$secret"
	lacks err.txt "lollollol"
done
n=$(sql "SELECT count(*) FROM article WHERE instr(coalesce(title, '') || body, '$secret') > 0")
[ "$n" = 0 ] || die "an external entity's text was stored"
n=$(sql "SELECT count(*) FROM source WHERE instr(coalesce(name, '') || coalesce(last_error, ''), '$secret') > 0" 2>/dev/null || echo 0)
[ "$n" = 0 ] || die "an external entity's text was stored with a feed"
n=$(sql "SELECT coalesce(max(length(coalesce(title, '')) + length(body)), 0) FROM article")
[ "$n" -lt 100000 ] || die "an entity bomb expanded to $n characters"
sqlite3 "$SECNEWS_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
! grep -qF "$secret" "$SECNEWS_DB" || die "the secret is in the database file"
! grep -q "secret.txt" "$SLOG" || die "the server was asked for the entity's file"
[ "$(sql "PRAGMA integrity_check")" = ok ] || die "integrity_check"
# the feeds that are not bombs were read: their items' own text is stored
n=$(sql "SELECT count(*) FROM article WHERE body LIKE '%APT28 exploited%'")
echo "articles from the hostile feeds: $n"
[ "$n" -ge 2 ] || die "only $n items of the entity feeds were stored: the test proves little"
