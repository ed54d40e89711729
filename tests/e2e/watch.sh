# watch.sh: watch lists: add, list, rm, run; what is new is reported once;
# two runs at once (real processes, while ingests write) never report an
# article twice and lose none; --format atom is valid Atom 1.0 (RELAX NG
# from RFC 4287) and a feed reader (secnews fetch) can subscribe to it.
. "$TOP/tests/e2e-lib.sh"
. "$TOP/tests/server-lib.sh"
export SECNEWS_ALLOW_PRIVATE=1 # the test server is on 127.0.0.1

mkdir -p www
cp "$TOP/data/samples/"*.html www/
start_server www
for f in www/*.html; do
	expect_status 0 "$SECNEWS" get --host-delay=0 "$BASE/$(basename "$f")"
done

expect_status 0 "$SECNEWS" watch add ms vendor:microsoft
expect_status 0 "$SECNEWS" watch add ex 'exploit -phishing'
expect_status 2 "$SECNEWS" watch add ms again
expect_status 2 "$SECNEWS" watch add broken '(unclosed'
expect_status 1 "$SECNEWS" watch add nobody actor:nosuchgroupx
expect_status 0 "$SECNEWS" watch list --format csv
contains out.txt "ex,exploit -phishing"
contains out.txt "ms,vendor:microsoft"

# the first run reports every match, the second nothing
expect_status 0 "$SECNEWS" watch run --format json
n1=$(wc -l < out.txt)
[ "$n1" -ge 3 ] || die "the first run reported $n1 articles"
contains out.txt '"watch":"ms"'
contains out.txt '"ingested":"'
expect_status 1 "$SECNEWS" watch run
contains err.txt "nothing new"
# a new match is reported once, by the watch it matches
printf 'Fresh Microsoft advisory\n\nMicrosoft said attackers exploited a new flaw in Outlook this week, researchers said on Monday.\n' > www/fresh.txt
expect_status 0 "$SECNEWS" get --host-delay=0 "$BASE/fresh.txt"
expect_status 0 "$SECNEWS" watch run ms --format csv
[ "$(grep -c 'Fresh Microsoft advisory' out.txt)" = 1 ] || die "the new article was not reported once"
expect_status 0 "$SECNEWS" watch run ex --format csv
[ "$(grep -c 'Fresh Microsoft advisory' out.txt)" = 1 ] || die "the other watch did not get it"
expect_status 1 "$SECNEWS" watch run
# --since re-reads without marking anything
expect_status 0 "$SECNEWS" watch run ms --since 2000-01-01 --format csv
[ "$(grep -c '^ms,' out.txt)" -ge 2 ] || die "--since did not re-read"
expect_status 1 "$SECNEWS" watch run
expect_status 1 "$SECNEWS" watch run nosuch
expect_status 2 "$SECNEWS" watch run --format stix

# Atom: valid, and a reader can subscribe to it
expect_status 0 "$SECNEWS" watch run ms --since 2000-01-01 --format atom
cp out.txt www/watch.xml
xmllint --noout --relaxng "$TOP/tests/data/watch/atom.rng" www/watch.xml 2>xmllint.err ||
	{ cat xmllint.err; die "the Atom feed is not valid"; }
/usr/bin/python3 - www/watch.xml <<'PY' || die "the Atom feed breaks a rule of RFC 4287"
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(sys.argv[1]).getroot()
assert feed.tag == A + "feed"
for name in ("id", "title", "updated"):
    assert len(feed.findall(A + name)) == 1, name
entries = feed.findall(A + "entry")
assert entries, "no entries"
ids = [e.find(A + "id").text for e in entries]
assert len(ids) == len(set(ids)), "entry ids repeat"
assert feed.find(A + "author") is not None   # so every entry has an author
for e in entries:
    for name in ("id", "title", "updated"):
        assert len(e.findall(A + name)) == 1, (name, ids)
    alt = [l for l in e.findall(A + "link") if l.get("rel", "alternate") == "alternate"]
    assert len(alt) == 1 and alt[0].get("href").startswith("http"), "a link to the article"
cats = {(c.get("scheme"), c.get("term")) for c in feed.iter(A + "category")}
assert ("urn:secnews:vendor", "Microsoft") in cats, cats
PY
entries=$(grep -c '<entry>' www/watch.xml)
SECNEWS_DB="$PWD/reader.db" "$SECNEWS" feed add "$BASE/watch.xml" >/dev/null 2>&1 || die "feed add of the watch feed"
SECNEWS_DB="$PWD/reader.db" "$SECNEWS" fetch --host-delay=0 >reader.out 2>reader.err || { cat reader.err; die "fetch of the watch feed"; }
got=$(grep -cE '^(new|copy)' reader.out)
[ "$got" = "$entries" ] || { cat reader.out reader.err; die "the reader stored $got of the feed's $entries entries"; }

# Two runs at once, repeatedly, while ingests add matching articles: every
# matching article is reported exactly once over all runs.
expect_status 0 "$SECNEWS" watch add batch 'zqxbatch'
/usr/bin/python3 - <<'PY'
import os, random
os.makedirs("batch", exist_ok=True)
words = "attackers exploited servers patch ransomware campaign espionage network credentials router".split()
for i in range(120):
    r = random.Random(i)
    body = " ".join(r.choice(words) for _ in range(60))
    with open("batch/b%03d.txt" % i, "w") as f:
        f.write("Report %d zqxbatch\n\nzqxbatch item %d: %s unique%d.\n" % (i, i, body, i))
PY
rm -f runs.csv
for round in 1 2 3 4 5 6; do
	lo=$(( (round - 1) * 20 ))
	files=$(ls batch | sed -n "$((lo + 1)),$((lo + 20))p" | sed 's#^#batch/#')
	"$SECNEWS" ingest $files >ingest.$round.out 2>ingest.$round.err &
	ing=$!
	"$SECNEWS" watch run batch --format csv >run.$round.a 2>run.$round.a.err &
	a=$!
	"$SECNEWS" watch run batch --format csv >run.$round.b 2>run.$round.b.err &
	b=$!
	wait $ing || { cat ingest.$round.err; die "ingest failed in round $round"; }
	wait $a; ra=$?
	wait $b; rb=$?
	for x in a b; do lacks run.$round.$x.err "locked"; done
	[ $ra -le 1 ] && [ $rb -le 1 ] || { cat run.$round.a.err run.$round.b.err; die "a run failed in round $round"; }
	cat run.$round.a run.$round.b >> runs.csv
done
"$SECNEWS" watch run batch --format csv >> runs.csv 2>/dev/null
/usr/bin/python3 - "$SECNEWS_DB" <<'PY' || die "concurrent runs reported an article twice or lost one"
import csv, sqlite3, sys
rows = [r for r in csv.reader(open("runs.csv", encoding="utf-8")) if r and r[0] == "batch"]
ids = [int(r[1]) for r in rows]
dups = {i for i in ids if ids.count(i) > 1}
assert not dups, ("reported twice", sorted(dups))
db = sqlite3.connect(sys.argv[1])
want = {i for (i,) in db.execute("SELECT id FROM article WHERE body LIKE '%zqxbatch%'")}
assert len(want) == 120, len(want)
assert set(ids) == want, ("lost", sorted(want - set(ids)), "extra", sorted(set(ids) - want))
PY

expect_status 0 "$SECNEWS" watch rm ms
expect_status 1 "$SECNEWS" watch rm ms
expect_status 0 "$SECNEWS" watch list
lacks out.txt "vendor:microsoft"
