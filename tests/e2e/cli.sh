# cli.sh: command-line conventions: --help everywhere, exit codes, messages.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" --help
contains out.txt "usage: secnews"
expect_status 0 "$SECNEWS" --version
for c in init ingest extract tag actor vendor product cve search show export stats dict retag feed fetch get; do
	expect_status 0 "$SECNEWS" "$c" --help
	contains out.txt "usage: secnews"
done
expect_status 2 "$SECNEWS"
expect_status 2 "$SECNEWS" frobnicate
contains err.txt "unknown command 'frobnicate'"
expect_status 2 "$SECNEWS" actor --format xml
contains err.txt "xml"
expect_status 2 "$SECNEWS" search x --since someday
contains err.txt "someday"

# init twice changes nothing
expect_status 0 "$SECNEWS" init
v1=$(sql "PRAGMA user_version"); s1=$(sql ".schema" | md5sum)
expect_status 0 "$SECNEWS" init
[ "$v1" = "$(sql "PRAGMA user_version")" ] && [ "$s1" = "$(sql ".schema" | md5sum)" ] || die "second init changed the schema"

# --db anywhere on the line, and $SECNEWS_DB
expect_status 0 "$SECNEWS" stats --db other.db
[ -f other.db ] || die "--db after the command ignored"

# a database in a read-only folder: one clear message
mkdir ro && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	expect_status 3 "$SECNEWS" --db ro/x.db init
	contains err.txt "ro/x.db"
fi
# a file that is not a database: refused, left intact
echo "hello, not a database at all, just some text long enough" > notdb.db
expect_status 3 "$SECNEWS" --db notdb.db stats
contains err.txt "notdb.db"
grep -q "hello, not a database" notdb.db || die "not-a-database file was changed"
# a database in a folder that does not exist: named, with the reason
expect_status 3 "$SECNEWS" --db no/such/folder/x.db init
contains err.txt "no/such/folder"
contains err.txt "does not exist"
