#!/bin/sh
# demo.sh: ingest the bundled samples into a fresh demo.db and show the
# answers secnews exists for. usage: tools/demo.sh ./secnews
set -e
bin=${1:-./secnews}
db=demo.db
rm -f "$db" "$db-wal" "$db-shm"
step() { printf '\n$ %s\n' "$*"; }
step "secnews --db $db ingest data/samples"
"$bin" --db "$db" ingest data/samples
step "secnews --db $db actor hafnium        # which articles mention a threat group"
"$bin" --db "$db" actor hafnium
step "secnews --db $db vendor microsoft     # advisories concerning a vendor (or its products)"
"$bin" --db "$db" vendor microsoft
step "secnews --db $db search '\"web shells\" OR spray'   # full-text search"
"$bin" --db "$db" search '"web shells" OR spray'
step "secnews --db $db actor                # every threat group seen"
"$bin" --db "$db" actor
step "secnews --db $db export --format csv -o demo-export.csv"
"$bin" --db "$db" export --format csv -o demo-export.csv
echo
echo "CSV export written to $(pwd)/demo-export.csv"
echo
echo "To read it in a browser (pages, JSON API, TAXII 2.1; Ctrl-C stops):"
echo "  ./secnews --db $db serve"
echo "  then open http://127.0.0.1:8080/"
