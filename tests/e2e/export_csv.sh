# export_csv.sh: CSV export of tagged records round-trips through a real CSV parser.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" ingest "$TOP/data/samples"
# a title with a comma, quotes, a newline-free formula prefix
printf '=HYPERLINK("http://evil.example"), "quoted", and more\n\nAPT28 and Microsoft were named in this deliberately odd story, researchers said on Monday.\n' > odd.txt
expect_status 0 "$SECNEWS" ingest --url https://odd.example/1 odd.txt
expect_status 0 "$SECNEWS" export --format csv -o export.csv
contains err.txt "export.csv"
/usr/bin/python3 - "$SECNEWS_DB" <<'PY' || die "CSV round trip"
import csv, sqlite3, sys
rows = list(csv.reader(open("export.csv", newline="", encoding="utf-8")))
assert rows[0] == ["id","published","ingested","site","title","url","actors","vendors","products","cves"], rows[0]
import re
stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
for r in rows[1:]:
    assert stamp.match(r[2]), r            # ingested: always, one form
    assert r[1] == "" or stamp.match(r[1]), r  # published: the same form, or empty
db = sqlite3.connect(sys.argv[1])
titles = dict(db.execute("SELECT id, title FROM article"))
assert len(rows) - 1 == len(titles), (len(rows), len(titles))
for r in rows[1:]:
    t = r[4]
    want = titles[int(r[0])]
    if want.startswith("="):
        assert t == "'" + want, (t, want)   # formula neutralised
    else:
        assert t == want, (t, want)
seed = [r for r in rows if r[4].startswith("State-sponsored")][0]
assert "HAFNIUM" in seed[6].split("; "), seed
assert {"Microsoft", "SolarWinds"} <= set(seed[7].split("; ")), seed
assert "Microsoft Exchange Server" in seed[8].split("; "), seed
PY
# filters work for export as for search
expect_status 0 "$SECNEWS" export --format csv --actor hafnium
n=$(/usr/bin/python3 -c 'import csv,sys; print(len(list(csv.reader(open("out.txt", newline=""))))-1)')
[ "$n" -ge 2 ] || die "filtered export rows: $n"
expect_status 0 "$SECNEWS" export --format json
/usr/bin/python3 -c '
import json
rows = [json.loads(l) for l in open("out.txt")]
assert rows and all("body" in r for r in rows)
' || die "json export"
