# search.sh: the query language as analysts type it, through the command
# line: the examples of issue 11 on the seed article, stemming, operators,
# fields, exit statuses, long queries, and dates that can be trusted.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" ingest "$TOP/data/samples"
# words with punctuation are searched as written, never a syntax error
for q in state-sponsored CVE-2021-26855 cve-2021-26855 'zero-day' 'example[.]com OR state-sponsored' \
	'zero-day NEAR exchange' '"web shells"' 'hack* China' '(exploited OR exploit) -nothinglikethis'; do
	expect_status 0 "$SECNEWS" search "$q" --format csv
	lacks err.txt "malformed"
	lacks err.txt "no such column"
done
expect_status 0 "$SECNEWS" search CVE-2021-26855 --format csv
contains out.txt "Exchange Server zero-days"
# stemming: exploit finds the advisories that say "exploited"
expect_status 0 "$SECNEWS" search exploit --format csv
contains out.txt "FortiOS SSL-VPN flaw exploited"
contains out.txt "Exchange Server zero-days exploited"
# -word excludes, also as the first argument (not an option)
expect_status 0 "$SECNEWS" search -fortinet exploited --format csv
lacks out.txt "FortiOS"
contains out.txt "Exchange Server zero-days"
# fields, resolved through aliases
expect_status 0 "$SECNEWS" search 'actor:"silk typhoon"' --format csv
contains out.txt "Exchange Server zero-days"
lacks out.txt "Midnight Blizzard breached"
expect_status 0 "$SECNEWS" search 'vendor:microsoft since:2024' --format csv
contains out.txt "Midnight Blizzard"
lacks out.txt "Exchange Server zero-days"
expect_status 1 "$SECNEWS" search 'actor:hafnum'
contains err.txt "did you mean: HAFNIUM"
# malformed: one sentence, exit 2
expect_status 2 "$SECNEWS" search '"unclosed phrase'
contains err.txt "malformed query: a '\"' is not closed"
[ "$(wc -l < err.txt)" = 1 ] || die "more than one line for a malformed query"
expect_status 2 "$SECNEWS" search '(exchange OR fortinet'
contains err.txt "'(' is not closed"
expect_status 2 "$SECNEWS" search 'exchange since:someday'
expect_status 1 "$SECNEWS" search zzzunknownword
# long queries are capped with a clear message (issue 13)
long=$(/usr/bin/python3 -c 'print(" ".join("w%d" % i for i in range(300)))')
expect_status 2 "$SECNEWS" search "$long"
contains err.txt "query too long"
big=$(/usr/bin/python3 -c 'print("a" * 5000)')
expect_status 2 "$SECNEWS" search "$big"
contains err.txt "bytes"
# the language is documented where users look
expect_status 0 "$SECNEWS" search --help
contains out.txt "actor:hafnium"
contains out.txt "most recently stored"
grep -q "since:" "$TOP/doc/secnews.1" || die "the man page does not document the query language"

# dates: an undated article (fortinet-advisory.txt) has no published date;
# --since leaves it out unless --include-undated; stats count it only then
[ "$(sql "SELECT count(*) FROM article WHERE published IS NULL")" -ge 1 ] || die "no undated sample"
undated=$(sql "SELECT id FROM article WHERE published IS NULL LIMIT 1")
expect_status 0 "$SECNEWS" search exploited --since 2000 --format csv
lacks out.txt "FortiOS SSL-VPN flaw"
expect_status 0 "$SECNEWS" search exploited --since 2000 --include-undated --format csv
contains out.txt "FortiOS SSL-VPN flaw"
expect_status 0 "$SECNEWS" vendor fortinet --since 2000 --include-undated --format csv
expect_status 1 "$SECNEWS" vendor fortinet --since 2000
expect_status 0 "$SECNEWS" stats --format csv
lacks out.txt "undated"
expect_status 0 "$SECNEWS" stats --include-undated --format csv
contains out.txt "month,undated,"
# every timestamp in every format has one form; ingested is its own column
for fmt in csv json; do
	expect_status 0 "$SECNEWS" search exploited --format $fmt
	/usr/bin/python3 - out.txt $fmt <<'PY' || die "timestamps in $fmt"
import csv, json, re, sys
stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
if sys.argv[2] == "csv":
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
else:
    rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert rows
for r in rows:
    assert stamp.match(r["ingested"]), r
    assert r["published"] in ("", None) or stamp.match(r["published"]), r
PY
done
expect_status 0 "$SECNEWS" show "$undated"
grep -q '^ingested   20' out.txt || die "show gives no ingested time"
! grep -q '^published' out.txt || die "show gives an undated article a published date"
