#!/bin/sh
# serve.sh: `secnews serve` under load, for `make bench`.
# usage: tests/bench/serve.sh SECNEWS STORE_DB PAGES_DIR
# Copies STORE_DB (the 100k-article database `bench store` made), serves it,
# and runs wrk with 50 connections for 10 s in all (17 on search pages, 17
# on actor pages, 16 on article pages, each its own wrk) while `secnews
# ingest` stores PAGES_DIR into the same database. Prints requests/s,
# p50/p99 latency and errors per page type, then checks that every article
# the ingest reported new is in the database.
set -e
bin=$1 src=$2 pages=$3
secs=${BENCH_SERVE_SECONDS:-10}
dir=$(mktemp -d)
db=$dir/serve.db
cp "$src" "$db"
before=$(sqlite3 "$db" "SELECT count(*) FROM article")
maxid=$(sqlite3 "$db" "SELECT max(id) FROM article")
"$bin" --db "$db" serve --listen 127.0.0.1:0 --threads "${BENCH_SERVE_THREADS:-4}" >"$dir/url" 2>"$dir/serve.err" &
spid=$!
trap 'kill $spid $ipid 2>/dev/null; wait 2>/dev/null; [ -n "$BENCH_KEEP" ] || rm -rf "$dir"' EXIT
i=0
while [ ! -s "$dir/url" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
url=$(head -1 "$dir/url")
[ -n "$url" ] || { cat "$dir/serve.err" >&2; exit 1; }
url=${url%/}

cat >"$dir/search.lua" <<'EOF'
local q = {"ransomware", "%22supply%20chain%22", "NEAR(espionage%20backdoor)", "Fortinet%20AND%20firmware",
           "phishing%20credentials", "%22zero-day%22%20VPN", "Cisco", "router%20OR%20gateway"}
local i = 0
request = function() i = i + 1; return wrk.format("GET", "/search?q=" .. q[i % #q + 1]) end
EOF
cat >"$dir/actor.lua" <<'EOF'
local a = {"hafnium", "apt29", "apt28", "lazarus%20group", "sandworm%20team", "volt%20typhoon", "lockbit", "cl0p",
           "scattered%20spider", "akira"}
local i = 0
request = function() i = i + 1; return wrk.format("GET", "/actor/" .. a[i % #a + 1]) end
EOF
cat >"$dir/article.lua" <<EOF
math.randomseed(42)
request = function() return wrk.format("GET", "/article/" .. math.random(1, $maxid)) end
EOF

# warm-up: each search and actor page once (the first view of an entity
# computes its chart and related names, then kept SERVE_CACHE_SECONDS)
for a in hafnium apt29 apt28 lazarus%20group sandworm%20team volt%20typhoon lockbit cl0p scattered%20spider akira; do
	curl -s -o /dev/null "$url/actor/$a"
done
for q in ransomware %22supply%20chain%22 Cisco; do curl -s -o /dev/null "$url/search?q=$q"; done

# the writer: a real ingest of new pages into the served database
"$bin" --db "$db" ingest "$pages" >"$dir/ingest.out" 2>"$dir/ingest.err" &
ipid=$!
sleep 1
wrk -t1 -c17 -d"${secs}s" --latency -s "$dir/search.lua" "$url" >"$dir/w-search" 2>&1 &
w1=$!
wrk -t1 -c17 -d"${secs}s" --latency -s "$dir/actor.lua" "$url" >"$dir/w-actor" 2>&1 &
w2=$!
wrk -t1 -c16 -d"${secs}s" --latency -s "$dir/article.lua" "$url" >"$dir/w-article" 2>&1 &
w3=$!
wait $w1 $w2 $w3
writing=$(kill -0 $ipid 2>/dev/null && echo yes || echo "no (it finished first)")
wait $ipid || { echo "serve_bench: the ingest failed" >&2; tail -3 "$dir/ingest.err" >&2; }
ipid=

# wrk's "50.000%  1.23ms" lines, in ms
ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v }' "$2"; }
total_rps=0 total_err=0
for t in search actor article; do
	f=$dir/w-$t
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	err=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$f")
	printf "%-32s %12s req/s  p50 %s ms  p99 %s ms  errors %s\n" "serve_${t}_page" "$rps" "$(ms 50% "$f")" \
		"$(ms 99% "$f")" "$err"
	total_rps=$((total_rps + rps))
	total_err=$((total_err + err))
done
after=$(sqlite3 "$db" "SELECT count(*) FROM article")
new=$(grep -c '^new' "$dir/ingest.out" || true)
lost=$((before + new - after))
printf "%-32s %12s req/s  errors %s  (50 connections, %s s, %s threads; ingest still writing at the end: %s)\n" \
	"serve_total" "$total_rps" "$total_err" "$secs" "${BENCH_SERVE_THREADS:-4}" "$writing"
printf "%-32s %12s articles lost  (ingest stored %s new; database %s -> %s)\n" "serve_writer" "$lost" "$new" \
	"$before" "$after"
