# fetch-parallel.sh: transfers run in parallel, never more than --per-host at
# once to one host, never more than --jobs in all (the server logs how many
# requests it was serving when each one started).
. "$TOP/tests/e2e-lib.sh"
. "$TOP/tests/server-lib.sh"
mkdir -p www/a www/b
start_server www
{
	echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Parallel</title>'
	for i in 1 2 3 4 5 6; do
		printf '<item><title>A%s</title><link>{{BASE}}/a/%s.html?delay=0.4</link><description>Item a%s text.</description></item>\n' $i $i $i
		printf '<item><title>B%s</title><link>{{BASE2}}/b/%s.html?delay=0.4</link><description>Item b%s text.</description></item>\n' $i $i $i
	done
	echo '</channel></rss>'
} >www/feed.xml
# max_col N: the largest value of column N over the START lines for pages
max_col() { awk -F'\t' -v c="$1" '$1 == "START" && $3 ~ /html/ && $c > m { m = $c } END { print m + 0 }' "$SLOG"; }

expect_status 0 "$SECNEWS" feed add "$BASE/feed.xml"
expect_status 0 "$SECNEWS" fetch --host-delay 0 --jobs 8
contains err.txt "12 new articles"
[ "$(grep -c '^START	127.0.0.1	/a/' "$SLOG")" = 6 ] || die "host a: 6 pages expected"
[ "$(grep -c '^START	127.0.0.2	/b/' "$SLOG")" = 6 ] || die "host b: 6 pages expected"
[ "$(max_col 5)" -le 2 ] || die "more than 2 requests at once to one host"
[ "$(max_col 5)" = 2 ] || die "never 2 requests at once to one host: no parallelism"
[ "$(max_col 4)" -ge 3 ] || die "the two hosts were not served in parallel"
[ "$(max_col 4)" -le 4 ] || die "more than 2 hosts x 2 at once"

# --jobs 1: one at a time; --per-host 1: one per host
rm -f test.db
: >"$SLOG"
expect_status 0 "$SECNEWS" feed add "$BASE/feed.xml"
expect_status 0 "$SECNEWS" fetch --host-delay 0 --jobs 1 --max-items 4
contains err.txt "4 new articles"
[ "$(max_col 4)" = 1 ] || die "--jobs 1 ran transfers in parallel"
rm -f test.db
: >"$SLOG"
expect_status 0 "$SECNEWS" feed add "$BASE/feed.xml"
expect_status 0 "$SECNEWS" fetch --host-delay 0 --per-host 1 --max-items 8
[ "$(max_col 5)" = 1 ] || die "--per-host 1 ran two transfers to one host"

# --host-delay: requests to one host start that far apart, so slowish pages
# (0.3 s each) never overlap even though 2 at once would be allowed
{
	echo '<?xml version="1.0"?><rss version="2.0"><channel><title>Quick</title>'
	for i in 1 2 3; do
		printf '<item><title>Q%s</title><link>{{BASE}}/q/%s.html?delay=0.3</link><description>Quick %s.</description></item>\n' $i $i $i
	done
	echo '</channel></rss>'
} >www/quick.xml
rm -f test.db
: >"$SLOG"
expect_status 0 "$SECNEWS" feed add "$BASE/quick.xml"
expect_status 0 "$SECNEWS" fetch --host-delay 1000 --per-host 2
[ "$(grep -c '^START	127.0.0.1	/q/' "$SLOG")" = 3 ] || die "quick pages not requested"
[ "$(max_col 5)" = 1 ] || die "--host-delay did not space the requests to one host"
exit 0
