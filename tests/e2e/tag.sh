# tag.sh: `secnews tag` prints one JSON object per mention; --raw tags the bytes as they are.
. "$TOP/tests/e2e-lib.sh"

# --raw on the seed article: no database needed (bundled dictionaries only)
expect_status 0 "$SECNEWS" tag --raw "$SHARED/corpus/seed-article.txt"
contains out.txt '{"kind":"actor","name":"HAFNIUM","text":"Hafnium","field":"text",'
contains out.txt '{"kind":"vendor","name":"SolarWinds","text":"SolarWinds","field":"text",'
contains out.txt '{"kind":"product","name":"Microsoft Exchange Server","vendor":"Microsoft","text":"Exchange","field":"text",'
[ ! -e test.db ] || die "tag created a database"

# offsets point at the text as written
off=$(grep -m1 '"HAFNIUM"' out.txt | sed 's/.*"offset":\([0-9]*\).*/\1/')
got=$(tail -c +$((off + 1)) "$SHARED/corpus/seed-article.txt" | head -c 7)
[ "$got" = "Hafnium" ] || die "offset $off points at '$got'"

# stdin, and the traps
printf 'The stock exchange fell. Teams of researchers saw windows of opportunity.\n' >trap.txt
expect_status 0 "$SECNEWS" tag --raw - <trap.txt
[ ! -s out.txt ] || die "traps were tagged: $(cat out.txt)"

# the article that ingest would store: title and body fields (needs the extractor)
printf 'Hafnium hits Exchange\n\nMicrosoft said the Hafnium group exploited Exchange Server.\n' >plain.txt
if "$SECNEWS" extract plain.txt >/dev/null 2>&1; then
	expect_status 0 "$SECNEWS" tag plain.txt
	contains out.txt '"name":"HAFNIUM","text":"Hafnium","field":"title","offset":0,"length":7}'
	contains out.txt '"field":"body"'
fi

# usage errors
expect_status 2 "$SECNEWS" tag
expect_status 2 "$SECNEWS" tag --bogus x
expect_status 3 "$SECNEWS" tag --raw /nonexistent/file
contains err.txt "/nonexistent/file"
exit 0
