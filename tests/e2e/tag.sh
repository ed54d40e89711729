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

# the article that ingest would store: title and body fields (needs the extractor; skipped
# while extraction is a placeholder)
printf 'Hafnium hits Exchange servers\n\nMicrosoft said the Hafnium group exploited Exchange Server.\n' >plain.txt
if "$SECNEWS" extract plain.txt >/dev/null 2>&1; then
	expect_status 0 "$SECNEWS" tag plain.txt
	contains out.txt '"name":"HAFNIUM","text":"Hafnium","field":"body"'
	contains out.txt '"name":"Microsoft Exchange Server","vendor":"Microsoft","text":"Exchange Server","field":"body"'
	lacks out.txt '"field":"text"'
	# the seed article: its tags, and none from the teasers around it ("On Reddit, ...")
	expect_status 0 "$SECNEWS" tag "$SHARED/corpus/seed-article.txt"
	contains out.txt '{"kind":"actor","name":"HAFNIUM","text":"Hafnium","field":"body",'
	contains out.txt '{"kind":"vendor","name":"Microsoft","text":"Microsoft","field":"title",'
	contains out.txt '{"kind":"vendor","name":"SolarWinds","text":"SolarWinds","field":"body",'
	contains out.txt '{"kind":"product","name":"Microsoft Exchange Server","vendor":"Microsoft","text":"Exchange","field":"body",'
	lacks out.txt 'Reddit'
	# every offset and length points at the text as written, in the field extract --json gives
	"$SECNEWS" extract --json "$SHARED/corpus/seed-article.txt" >article.json || die "extract --json failed"
	python3 - article.json out.txt <<'PY' || die "an offset does not point at its text"
import json, sys
art = json.load(open(sys.argv[1], encoding='utf-8'))
for line in open(sys.argv[2], encoding='utf-8'):
    m = json.loads(line)
    field = (art[m['field']] or '').encode('utf-8')
    got = field[m['offset']:m['offset'] + m['length']].decode('utf-8')
    if got != m['text']:
        sys.exit(f"{m}: the field holds {got!r}")
PY
fi

# usage errors
expect_status 2 "$SECNEWS" tag
expect_status 2 "$SECNEWS" tag --bogus x
expect_status 3 "$SECNEWS" tag --raw /nonexistent/file
contains err.txt "/nonexistent/file"
exit 0
