# views.sh: the answers: actor, vendor, product, cve, search, show, stats.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" ingest "$TOP/data/samples"
seed=$(sql "SELECT id FROM article WHERE title LIKE 'State-sponsored%'")
[ -n "$seed" ] || die "seed article not stored"

# actor by any alias, any case
for name in hafnium HAFNIUM "Silk Typhoon" "silk-typhoon"; do
	expect_status 0 "$SECNEWS" actor "$name"
	contains out.txt "HAFNIUM"
	contains out.txt "State-sponsored hackers in China targeting email services: Microsoft"
done
# JSON lines: one object per article, each with the actor
expect_status 0 "$SECNEWS" actor hafnium --format json
/usr/bin/python3 -c '
import json, sys
rows = [json.loads(l) for l in open("out.txt")]
assert len(rows) >= 2, rows
assert all("HAFNIUM" in r["actors"] for r in rows), rows
assert all(isinstance(r["id"], int) for r in rows)
' || die "actor json"

# without a name: every actor with counts
expect_status 0 "$SECNEWS" actor
contains out.txt "HAFNIUM"
contains out.txt "APT29"

# an unknown name: says so, suggests, exit 1
expect_status 1 "$SECNEWS" actor hafnum
contains err.txt "HAFNIUM"

# a vendor's articles include those naming only its products
expect_status 0 "$SECNEWS" vendor microsoft --format csv
contains out.txt "State-sponsored hackers in China"
n=$(($(wc -l < out.txt) - 1))
[ "$n" -ge 3 ] || die "vendor microsoft: $n rows"
expect_status 0 "$SECNEWS" product "exchange server"
contains out.txt "Microsoft Exchange Server"

# related names
expect_status 0 "$SECNEWS" actor hafnium --related
contains out.txt "Microsoft"

# full-text search: phrase, boolean, prefix; malformed query is a usage error
expect_status 0 "$SECNEWS" search '"web shells"'
contains out.txt "Exchange Server zero-days"
contains out.txt "[web shells]"
expect_status 0 "$SECNEWS" search 'hack* AND China' --actor hafnium
contains out.txt "State-sponsored"
expect_status 1 "$SECNEWS" search 'zzzunknownword'
expect_status 2 "$SECNEWS" search '"unclosed'
contains err.txt "malformed query"
lacks err.txt "SQL"

# show by id and by URL
expect_status 0 "$SECNEWS" show "$seed"
contains out.txt "HAFNIUM"
contains out.txt "Microsoft has said a state-sponsored hacking group"
url=$(sql "SELECT url FROM article WHERE id = $seed")
expect_status 0 "$SECNEWS" show "$url" --format json
/usr/bin/python3 -c '
import json
o = json.loads(open("out.txt").read())
names = {m["name"] for m in o["mentions"]}
assert {"HAFNIUM", "Microsoft", "SolarWinds", "Microsoft Exchange Server"} <= names, names
' || die "show json"
expect_status 1 "$SECNEWS" show 99999

# stats
expect_status 0 "$SECNEWS" stats
contains out.txt "articles"
contains out.txt "actor"

# CVE ids in any case; --source and date filters
expect_status 0 "$SECNEWS" cve cve-2021-26855
contains out.txt "CVE-2021-26855"
contains out.txt "Exchange Server zero-days"
expect_status 0 "$SECNEWS" cve
contains out.txt "CVE-2021-27065"
expect_status 0 "$SECNEWS" search exchange --source "Example Security Desk" --format csv
[ "$(($(wc -l < out.txt) - 1))" = 1 ] || die "--source: $(cat out.txt)"
expect_status 0 "$SECNEWS" vendor microsoft --since 2024-01-01 --until 2024-12-31 --format csv
contains out.txt "Midnight Blizzard"
lacks out.txt "Exchange Server zero-days"
expect_status 1 "$SECNEWS" vendor microsoft --since 2030-01-01
# a table fits the terminal when there is one; in a pipe nothing is cut
expect_status 0 "$SECNEWS" actor hafnium
contains out.txt "file://"
lacks out.txt "$(printf '\033')"

# on a terminal, tables fit its width (long titles shortened with an ellipsis)
if command -v script >/dev/null 2>&1; then
	script -qc "stty cols 80; \"$SECNEWS\" vendor microsoft" /dev/null > tty.txt 2>&1 || die "vendor on a tty"
	tr -d '\r' < tty.txt > tty2.txt
	contains tty2.txt "…"
	/usr/bin/python3 -c '
import sys
lines = open("tty2.txt", encoding="utf-8").read().splitlines()
long = [l for l in lines if len(l) > 80]
assert not long, long
' || die "a table line is wider than the terminal"
fi
