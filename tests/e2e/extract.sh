# extract.sh: `secnews extract` on the seed article, as text and as JSON;
# exit statuses for bad input and usage errors.
. "$TOP/tests/e2e-lib.sh"
seed="$SHARED/corpus/seed-article.txt"
expect_status 0 "$SECNEWS" extract "$seed"
head -1 out.txt | grep -q '^Microsoft has said a state-sponsored hacking group' || die "body start"
contains out.txt 'SolarWinds-related attacks.'
lacks out.txt 'Hot this week'
lacks out.txt 'Advertisement'
lacks out.txt 'Enable Notifications'
expect_status 0 "$SECNEWS" extract --json --url https://example.org/x "$seed"
/usr/bin/python3 - <<'PY' || die "json output"
import json
a = json.load(open('out.txt'))
assert a['title'] == 'State-sponsored hackers in China targeting email services: Microsoft', a['title']
assert a['url'] == 'https://example.org/x'
assert a['body'].startswith('Microsoft has said a state-sponsored hacking group')
for k in ('author', 'published', 'site', 'lang', 'description'):
    assert k in a
PY
expect_status 0 "$SECNEWS" extract - <"$seed"
contains out.txt 'Hafnium'
: >empty.txt
expect_status 3 "$SECNEWS" extract empty.txt
contains err.txt 'empty.txt'
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >img.png
expect_status 3 "$SECNEWS" extract img.png
contains err.txt 'binary data'
expect_status 3 "$SECNEWS" extract no-such-file.html
contains err.txt 'no-such-file.html'
expect_status 2 "$SECNEWS" extract
expect_status 2 "$SECNEWS" extract --bogus "$seed"
printf 'Home\nNews\nAbout\nContact\n' >menu.txt
expect_status 1 "$SECNEWS" extract menu.txt
contains err.txt 'not an article'
# HTML: metadata as JSON, the canonical URL resolved against --url
page="$TOP/tests/data/extract/boilerplate.html"
expect_status 0 "$SECNEWS" extract --json --url https://news.example.org/x "$page"
/usr/bin/python3 - <<'PY' || die "html json output"
import json
a = json.load(open('out.txt'))
assert a['title'] == 'Router maker patches critical flaw', a['title']
assert a['url'] == 'https://news.example.org/2024/03/05/router-flaw', a['url']
assert a['author'] == 'Jane Roe' and a['site'] == 'Example Security News'
assert a['published'].startswith('2024-03-05') and a['lang'] == 'en'
assert 'Share on' not in a['body'] and 'Related' not in a['body']
PY
# a tag index is not an article: exit 1, the message on stderr
expect_status 1 "$SECNEWS" extract "$TOP/tests/data/extract/tag-index.html"
contains err.txt 'not an article'
# the page declaring Shift_JIS is UTF-8
expect_status 0 "$SECNEWS" extract "$SHARED/corpus/security/jvndb-2018-013542/source.html"
contains out.txt '脆弱性が存在します'
