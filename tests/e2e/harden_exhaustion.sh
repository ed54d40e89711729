# harden_exhaustion.sh: resource exhaustion (issue 7, item 4). A full disk
# (SQLite's max_page_count through the SECNEWS_MAX_PAGES test hook), a
# read-only database (file and folder), a file that is not SQLite, a truncated
# database and too few file descriptors: each ends with exit status 3 and one
# clear message without raw SQLite text, and leaves the database intact.
. "$TOP/tests/e2e-lib.sh"
/usr/bin/python3 "$TOP/tests/harden_pages.py" "$SHARED" batch 40 5 || die "cannot build the batch"
/usr/bin/python3 "$TOP/tests/harden_pages.py" "$SHARED" more 12 6
for f in more/*; do sed -i 's/Report \([0-9]*\) of/Extra report \1 of/; s#batch\.example/#more.example/#' "$f"; done
"$SECNEWS" ingest batch/p0000* >/dev/null 2>&1 || die "first ingest failed"
before=$(sql "SELECT count(*) FROM article")
[ "$before" -ge 8 ] || die "first ingest stored only $before"

# raw SQLite wording must not reach the user
raw_sqlite() {
	for t in "SQL logic error" "disk I/O error" "database disk image is malformed" "file is not a database" \
		"unable to open database file" "attempt to write a readonly database" "database or disk is full" \
		"out of memory" "SQLITE_"; do
		! grep -qiF -- "$t" "$1" || { cat "$1"; die "raw SQLite text '$t' reached the user"; }
	done
}
# one_message FILE: exactly one error line (a summary line may follow)
one_message() {
	n=$(grep -v '^secnews: ingest: [0-9]* new' "$1" | grep -c .)
	[ "$n" = 1 ] || { cat "$1"; die "$n messages, expected one"; }
	raw_sqlite "$1"
}
intact() { # intact DB MIN_ARTICLES
	[ "$(sqlite3 "$1" "PRAGMA integrity_check")" = ok ] || die "$1: integrity_check after $2"
	n=$(sqlite3 "$1" "SELECT count(*) FROM article")
	[ "$n" -ge "$3" ] || die "$1: $n articles after $2, had $3"
}

# 1. a full disk: room for a few pages more, then every write fails
pages=$(sql "PRAGMA page_count")
SECNEWS_MAX_PAGES=$((pages + 20)) expect_status 3 "$SECNEWS" ingest batch
contains err.txt "full"
one_message err.txt
intact "$SECNEWS_DB" "a full disk" "$before"
lacks out.txt "p00039" # it stopped at the first failure
# and once there is room, the rest goes in
expect_status 0 "$SECNEWS" ingest batch
intact "$SECNEWS_DB" "freeing space" 35
before=$(sql "SELECT count(*) FROM article")

# 2. a read-only database: as an unprivileged user when run as root
sqlite3 "$SECNEWS_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
sum=$(md5sum <"$SECNEWS_DB")
if [ "$(id -u)" = 0 ]; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chmod 755 . batch more && chmod 644 batch/* more/*
else
	as_user=""
fi
cp "$SECNEWS_DB" ro.db
chmod 444 ro.db
rm -f ro.db-wal ro.db-shm
# 2a. the file read-only, the folder writable (root: the folder is not the user's)
mkdir -p rw && chmod 777 rw && cp ro.db rw/ro.db && chmod 444 rw/ro.db
expect_status 3 $as_user "$SECNEWS" --db rw/ro.db ingest more
contains err.txt "read-only"
one_message err.txt
intact rw/ro.db "a read-only file" "$before"
# 2b. the file and its folder read-only
chmod 555 .
expect_status 3 $as_user "$SECNEWS" --db ro.db ingest more/p00001.html
chmod 755 .
contains err.txt "read-only"
one_message err.txt
intact ro.db "a read-only folder" "$before"

# 3. a file that is not SQLite: refused, left as it was
yes "these are not the pages you are looking for" | head -c 50000 >notdb.db
s1=$(md5sum <notdb.db)
expect_status 3 "$SECNEWS" --db notdb.db ingest more/p00001.html
one_message err.txt
contains err.txt "not a SQLite database"
expect_status 3 "$SECNEWS" --db notdb.db stats
one_message err.txt
[ "$(md5sum <notdb.db)" = "$s1" ] || die "the non-SQLite file was changed"

# 4. a truncated database: refused with one message, not written to
cp "$SECNEWS_DB" trunc.db
truncate -s $(($(stat -c %s trunc.db) / 2)) trunc.db
s1=$(md5sum <trunc.db)
for cmd in "stats" "actor" "search APT28" "ingest more/p00002.html"; do
	# shellcheck disable=SC2086
	expect_status 3 "$SECNEWS" --db trunc.db $cmd
	one_message err.txt
	contains err.txt "damaged"
done
[ "$(md5sum <trunc.db)" = "$s1" ] || die "the truncated database was written to"

# 5. too few file descriptors: at every limit, success or one clear message
# (not under valgrind, which needs descriptors of its own: HARDEN_LIGHT)
limits="4 5 6 7 8 9 10 12 16"
[ -z "${HARDEN_LIGHT:-}" ] || limits=""
for n in $limits; do
	(ulimit -n $n && exec "$SECNEWS" ingest more) >out.txt 2>err.txt
	rc=$?
	case $rc in
	0) ;;
	3) one_message err.txt
	   grep -q "too many open files" err.txt || die "ulimit -n $n: unclear message: $(cat err.txt)" ;;
	*) [ $n -le 4 ] && grep -q "shared libraries" err.txt && continue # the loader itself cannot start
	   cat err.txt; die "ulimit -n $n: exit $rc" ;;
	esac
	intact "$SECNEWS_DB" "ulimit -n $n" "$before"
done
expect_status 0 "$SECNEWS" ingest more
intact "$SECNEWS_DB" "the file-descriptor runs" $((before + 10))
echo "ok"
