# fetch-dns.sh: a host name that does not resolve is a clear, recorded error.
# Runs secnews in a network namespace of its own with no interface at all
# (unshare -n), so the lookup fails without any packet leaving the machine.
. "$TOP/tests/e2e-lib.sh"

if ! unshare -n true 2>/dev/null; then
	echo "skip: unshare -n is not permitted here"
	exit 0
fi
expect_status 3 unshare -n "$SECNEWS" get http://no-such-host.invalid/advisory
contains err.txt "no-such-host.invalid"
contains err.txt "DNS lookup failed"

# on a feed: recorded as its last error, the other feed still polled
expect_status 0 "$SECNEWS" feed add http://no-such-host.invalid/feed.xml
expect_status 0 "$SECNEWS" feed add http://also-missing.invalid/rss
expect_status 3 unshare -n "$SECNEWS" fetch
contains err.txt "2 failed"
expect_status 0 "$SECNEWS" feed list --format csv
contains out.txt "DNS lookup failed"
[ "$(grep -c 'DNS lookup failed' out.txt)" = 2 ] || die "both feeds should record the failure"
