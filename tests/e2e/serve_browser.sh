# serve_browser.sh: `secnews serve` read by a real browser (headless
# Chromium): home, search, the HAFNIUM page and an article show what a
# reader expects (the title, "Hafnium" highlighted, the chart's SVG), and an
# article whose title and URL are script payloads stays inert text. Keeps a
# phone-sized screenshot of the article page beside the binary
# (BUILD/artifacts/serve-article.png). Skipped when E2E_BROWSER=0 (the
# sanitizer build: the server's memory is checked by serve.sh there).
. "$TOP/tests/e2e-lib.sh"

if [ "${E2E_BROWSER:-1}" = 0 ]; then
	echo "skipped: E2E_BROWSER=0"
	exit 0
fi
CHROMIUM=$(command -v chromium || command -v chromium-browser) || die "chromium is not installed (make deps installs it)"

# the seed article, and one whose title, text and URL carry payloads; if
# any ran, it would change the page's title or mark the body
cat > xss.html <<'EOF'
<!DOCTYPE html><html><head><title>&lt;img src=x onerror="document.title='PWNED'"&gt; &lt;/script&gt;&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt; &lt;a href="javascript:document.title='PWNED'"&gt;click&lt;/a&gt; Hafnium strikes again</title></head>
<body><article><h1>&lt;img src=x onerror="document.title='PWNED'"&gt; &lt;/script&gt;&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt; &lt;a href="javascript:document.title='PWNED'"&gt;click&lt;/a&gt; Hafnium strikes again</h1>
<p>Researchers said the group known as Hafnium used a new web shell against Microsoft Exchange servers. The operators tried &lt;script&gt;document.title='PWNED'&lt;/script&gt; in a form, and a link to javascript:alert(3) in mail sent to victims.</p>
<p>Microsoft said customers should patch Exchange Server immediately, and that the group had been seen probing more networks in the weeks since the first wave of intrusions was reported by responders.</p>
<p>More text about the campaign follows so that the page is kept as an article, with several sentences describing the intrusions, the victims, the tools and the timeline of the attacks observed.</p>
</article></body></html>
EOF
expect_status 0 "$SECNEWS" ingest "$SHARED/corpus/seed-article.txt"
expect_status 0 "$SECNEWS" ingest --url "javascript:document.title='PWNED'" xss.html
seed=$(sql "SELECT id FROM article WHERE title LIKE 'State-sponsored%'")
xss=$(sql "SELECT id FROM article WHERE title LIKE '%Hafnium strikes again%'")
[ -n "$seed" ] && [ -n "$xss" ] || die "articles not stored"

SVPID=
trap '[ -n "$SVPID" ] && kill $SVPID 2>/dev/null; wait $SVPID 2>/dev/null' EXIT
"$SECNEWS" serve --listen 127.0.0.1:0 >url.txt 2>serve.err &
SVPID=$!
i=0
while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(head -1 url.txt)
[ -n "$URL" ] || { cat serve.err; die "serve did not start"; }

# one browser per page, in parallel, each with a fresh profile
browse() { # NAME ARGS...
	name=$1; shift
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-dev-shm-usage --user-data-dir="$PWD/profile-$name" "$@" >"$name.html" 2>"$name.err"
}
art=$(dirname "$SECNEWS")/artifacts
mkdir -p "$art"
rm -f "$art/serve-article.png"
browse home --dump-dom "$URL" & b1=$!
browse search --dump-dom "${URL}search?q=hafnium" & b2=$!
browse actor --dump-dom "${URL}actor/silk%20typhoon" & b3=$!
browse article --dump-dom "${URL}article/$xss" & b4=$!
browse shot --screenshot="$art/serve-article.png" --window-size=412,1400 --hide-scrollbars "${URL}article/$seed" & b5=$!
wait $b1 $b2 $b3 $b4 $b5 || true
for p in home search actor article; do
	[ -s "$p.html" ] || { tail -5 "$p.err"; die "chromium gave no DOM for $p"; }
done

# what a reader sees
contains home.html "State-sponsored hackers in China targeting email services: Microsoft"
contains home.html "<title>Latest - secnews</title>"
contains search.html "<mark>Hafnium</mark>"
contains search.html "State-sponsored hackers in China"
contains actor.html "<h1>HAFNIUM"
contains actor.html "Silk Typhoon"
contains actor.html '<svg class="chart"'
grep -q '<rect class="bar"' actor.html || die "the chart has no bars"
contains actor.html "<title>Articles naming HAFNIUM, by month</title>"
contains article.html '<mark>Hafnium</mark>'
contains article.html 'href="/actor/HAFNIUM"'

# the payloads are text: shown escaped, nothing ran, no element they meant
contains article.html "&lt;img src=x onerror=\"document.title='PWNED'\"&gt;"
contains article.html "&lt;/script&gt;&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;"
grep -q '<title>&lt;img src=x' article.html || die "the page title is not the escaped payload"
lacks article.html "<title>PWNED"
lacks article.html "data-pwned"
lacks article.html "<img"
grep -Eq '<a [^<>]*href="javascript:' article.html && die "a javascript: link became a link"
lacks home.html "<img"
lacks home.html "data-pwned"
grep -q '<script' article.html home.html search.html actor.html && die "a page holds a script element"
# the javascript: URL is shown, not linked
contains article.html "javascript:document.title='PWNED'</dd>"

[ -s "$art/serve-article.png" ] || { tail -5 shot.err; die "no screenshot"; }
head -c 8 "$art/serve-article.png" | od -An -tx1 | grep -q "89 50 4e 47" || die "the screenshot is not a PNG"
echo "screenshot: $art/serve-article.png"
