# harden_crash.sh: crash safety (issue 7, item 2). Ingest a batch of several
# hundred distinct pages and kill the ingest with SIGKILL at pseudo-random
# moments (fixed seed), many times. After every kill: integrity_check is ok,
# the FTS index agrees with the article table, every article the ingest
# reported as stored is there, and every stored article has exactly the
# mentions an uninterrupted ingest gives it (none half-stored). A last run
# completes the rest. Knobs: HARDEN_PAGES (400), HARDEN_KILLS (15), HARDEN_SEED (7),
# HARDEN_LIGHT (set: 40 pages, 4 kills, for valgrind).
. "$TOP/tests/e2e-lib.sh"
pages=${HARDEN_PAGES:-400}
kills=${HARDEN_KILLS:-15}
if [ -n "${HARDEN_LIGHT:-}" ]; then pages=${HARDEN_PAGES:-40} kills=${HARDEN_KILLS:-4}; fi
seed=${HARDEN_SEED:-7}

/usr/bin/python3 "$TOP/tests/harden_pages.py" "$SHARED" batch "$pages" "$seed" || die "cannot build the batch"

# the reference: one uninterrupted ingest of the same files (same paths, same URLs)
start=$(date +%s.%N)
SECNEWS_DB=$PWD/ref.db "$SECNEWS" ingest batch >ref.out 2>ref.err || { cat ref.err; die "reference ingest failed"; }
took=$(echo "$(date +%s.%N) - $start" | bc)
nref=$(sqlite3 ref.db "SELECT count(*) FROM article")
# (a few source pages are not articles, a few copies come out alike: skipped or unchanged)
[ "$nref" -ge $((pages * 9 / 10)) ] || die "reference stored only $nref of $pages pages"
echo "reference ingest: $pages pages in $took s"

# mentions as (url, kind, name, count): the same in both databases
mentions_sql="SELECT a.url, e.kind, e.name, m.count, m.first_field, m.first_offset FROM %s.article a
  JOIN %s.mention m ON m.article_id = a.id JOIN %s.entity e ON e.id = m.entity_id"
mine=$(printf "$mentions_sql" main main main)
ref=$(printf "$mentions_sql" ref ref ref)

check_db() { # check_db ROUND
	r=$(sqlite3 "$SECNEWS_DB" "PRAGMA integrity_check") || die "round $1: cannot open the database"
	[ "$r" = ok ] || die "round $1: integrity_check: $r"
	sqlite3 "$SECNEWS_DB" "INSERT INTO article_fts(article_fts) VALUES('integrity-check')" 2>fts.err ||
		die "round $1: FTS index disagrees with the article table: $(cat fts.err)"
	# no stored article differs in its mentions from the reference (none half-stored)
	bad=$(sqlite3 "$SECNEWS_DB" "ATTACH 'ref.db' AS ref;
		SELECT count(*) FROM (SELECT * FROM ($mine) EXCEPT SELECT * FROM ($ref));
		SELECT count(*) FROM (SELECT * FROM ($ref) WHERE url IN (SELECT url FROM main.article)
		                      EXCEPT SELECT * FROM ($mine));
		SELECT count(*) FROM main.article WHERE url NOT IN (SELECT url FROM ref.article);" | tr '\n' ' ')
	[ "$bad" = "0 0 0 " ] || die "round $1: stored articles differ from the reference (extra, missing mentions, unknown): $bad"
	# every article the ingest reported as stored is there, under its id
	awk -F '\t' -v dir="$PWD" '$1 ~ /^(new|updated|unchanged)$/ && NF >= 3 {
		gsub(/\047/, "\047\047", $3); printf "(\047%s\047, %d, \047file://%s/%s\047),\n", $1, $2, dir, $3 }' run.out >reported.sql
	[ "$(wc -l <reported.sql)" = "$(grep -cE '^(new|updated|unchanged)' run.out)" ] || die "round $1: unreadable report lines"
	# (an unchanged text under another name is reported with the id it is stored under)
	missing=$(sqlite3 "$SECNEWS_DB" "CREATE TEMP TABLE r(status, id, url); INSERT INTO r VALUES $(cat reported.sql) ('', 0, '');
		SELECT count(*) FROM r WHERE id > 0 AND NOT EXISTS
		(SELECT 1 FROM article a WHERE a.id = r.id AND (a.url = r.url OR r.status = 'unchanged'));")
	[ "$missing" = 0 ] || die "round $1: $missing articles reported as stored are missing"
}

delays=$(/usr/bin/python3 -c 'import random, sys
r = random.Random(int(sys.argv[1])); t = float(sys.argv[2])
print(" ".join("%.3f" % r.uniform(0.01, 0.7 * t) for _ in range(int(sys.argv[3]))))' "$seed" "$took" "$kills")
round=0 finished=0 reported=0
for d in $delays; do
	round=$((round + 1))
	"$SECNEWS" ingest batch >run.out 2>run.err &
	pid=$!
	sleep "$d"
	kill -KILL $pid 2>/dev/null || finished=$((finished + 1))
	wait $pid 2>/dev/null
	reported=$((reported + $(grep -cE '^(new|copy)' run.out)))
	[ -e "$SECNEWS_DB" ] || continue
	check_db $round
done
stored=$(sql "SELECT count(*) FROM article")
echo "$round kills (${finished} runs ended before their kill), $reported reported new, $stored of $nref stored"
[ "$reported" -gt 0 ] || die "no run reported a stored article before its kill: the kills came too early"

# the last run completes the rest; everything matches the reference
"$SECNEWS" ingest batch >run.out 2>run.err || { cat run.err; die "final ingest failed"; }
check_db final
[ "$(sql "SELECT count(*) FROM article")" = "$nref" ] || die "final run did not complete the batch"
grep -qE "^(new|copy)" run.out || [ "$stored" = "$nref" ] || die "final run stored nothing new"
echo "ok: every kill left a consistent database"
