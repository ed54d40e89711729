# fetch-get.sh: `secnews get URL...` fetches pages and stores their articles;
# failures are reported per URL and make the exit status 3.
. "$TOP/tests/e2e-lib.sh"
. "$TOP/tests/server-lib.sh"
mkdir -p www
cp "$SHARED/corpus/security/threatpost-android-ransomware/source.html" www/story.html
start_server www

expect_status 3 "$SECNEWS" get --host-delay 0 "$BASE/missing.html" "$BASE/story.html?redirect=file:///etc/passwd"
contains err.txt "missing.html: HTTP 404: not found"
contains err.txt "only http and https"
contains err.txt "0 new, 0 copies, 0 updated, 0 unchanged, 0 skipped, 2 failed"
[ "$(requests /missing.html)" = 1 ] || die "the page was not requested"
expect_status 3 "$SECNEWS" get --max-size 2K "$BASE/story.html"
contains err.txt "larger than the limit of 2048 bytes"
expect_status 2 "$SECNEWS" get --jobs 0 "$BASE/story.html"
expect_status 2 "$SECNEWS" get --max-size lots "$BASE/story.html"
expect_status 2 "$SECNEWS" get
if "$SECNEWS" extract www/story.html >/dev/null 2>&1; then
	# with a working extractor: stored once, then unchanged
	expect_status 0 "$SECNEWS" get "$BASE/story.html?gzip=1"
	contains out.txt "new	"
	[ "$(sql "SELECT count(*) FROM article WHERE full_text = 1 AND length(body) > 500")" = 1 ] ||
		die "the page's article was not stored"
	expect_status 0 "$SECNEWS" get "$BASE/story.html?gzip=1"
	contains out.txt "unchanged	"
else
	echo "note: extraction is not available in this build; page storage not checked" >&2
	"$SECNEWS" get "$BASE/story.html?plain=1" >out.txt 2>err.txt
	[ "$(requests "/story.html?plain=1")" = 1 ] || die "the page was not requested"
fi
exit 0
