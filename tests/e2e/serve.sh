# serve.sh: `secnews serve` over HTTP: the JSON API gives the records the
# command line prints, CSV and STIX downloads, the TAXII 2.1 collection
# (required fields, paging, no duplicates, added_after), writers beside the
# server, limits and usage errors, a clean stop on SIGTERM and SIGINT.
. "$TOP/tests/e2e-lib.sh"

expect_status 0 "$SECNEWS" ingest "$TOP/data/samples" "$SHARED/corpus/seed-article.txt"

SVPID=
stop_serve() { [ -n "$SVPID" ] && kill "$SVPID" 2>/dev/null; wait "$SVPID" 2>/dev/null; SVPID=; }
trap stop_serve EXIT
# start_serve ARGS...: serve in the background; sets URL from what it prints.
start_serve() {
	rm -f url.txt
	"$SECNEWS" serve --listen 127.0.0.1:0 "$@" >url.txt 2>serve.err &
	SVPID=$!
	i=0
	while [ ! -s url.txt ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	URL=$(head -1 url.txt)
	case $URL in http://127.0.0.1:*/) ;; *) cat serve.err >&2; die "serve did not print its URL";; esac
}
get() { curl -s -o body.txt -w '%{http_code}' -D headers.txt "$@"; }

# usage: not loopback without a token; a malformed --listen; a short token
expect_status 2 "$SECNEWS" serve --listen 0.0.0.0:0
contains err.txt "--token"
expect_status 2 "$SECNEWS" serve --listen nowhere
printf 'short\n' > short.tok
expect_status 2 "$SECNEWS" serve --listen 127.0.0.1:0 --token short.tok
expect_status 0 "$SECNEWS" serve --help
contains out.txt "/taxii2/"

start_serve

# ---- the API's records are the command line's --format json records
[ "$(get "${URL}api/v1/actor/hafnium")" = 200 ] || die "api actor"
contains headers.txt "Content-Type: application/json"
"$SECNEWS" actor hafnium --format json > cli.jsonl
/usr/bin/python3 - body.txt cli.jsonl <<'PY' || die "api actor records differ from the CLI's"
import json, sys
api = json.load(open(sys.argv[1]))
cli = [json.loads(l) for l in open(sys.argv[2])]
assert api["entity"]["name"] == "HAFNIUM", api["entity"]
assert "Silk Typhoon" in api["entity"]["aliases"] and "G0125" in api["entity"]["ids"], api["entity"]
assert api["articles"] == cli, (api["articles"], cli)
assert sum(m["articles"] for m in api["months"]) >= len(cli)
assert any(r["kind"] == "vendor" and r["name"] == "Microsoft" for r in api["related"]), api["related"]
PY
seed=$(sql "SELECT id FROM article WHERE title LIKE 'State-sponsored%' LIMIT 1")
get "${URL}api/v1/article/$seed" >/dev/null
"$SECNEWS" show "$seed" --format json > cli.json
/usr/bin/python3 -c 'import json,sys; a=json.load(open("body.txt")); b=json.load(open("cli.json")); assert a == b, (a, b)' \
	|| die "api article differs from show --format json"
get "${URL}api/v1/search?q=exchange" >/dev/null
"$SECNEWS" search exchange --format json > cli.jsonl
/usr/bin/python3 -c '
import json
a = json.load(open("body.txt")); c = [json.loads(l) for l in open("cli.jsonl")]
assert a["articles"] == c, (a, c)
assert a["query"] == "exchange"' || die "api search differs from the CLI"
get "${URL}api/v1/stats" >/dev/null
"$SECNEWS" stats --format json > cli.jsonl
/usr/bin/python3 -c '
import json
a = json.load(open("body.txt")); c = [json.loads(l) for l in open("cli.jsonl")]
assert a["stats"] == c' || die "api stats differ"

# ---- pagination: limit and cursor walk every article once
/usr/bin/python3 - "$URL" "$(sql 'SELECT count(DISTINCT coalesce(story, id)) FROM article')" <<'PY' || die "paging"
import json, sys, urllib.request, urllib.parse
url, total = sys.argv[1], int(sys.argv[2])
seen, cursor, pages = [], None, 0
while True:
    q = "limit=2" + ("&cursor=" + urllib.parse.quote(cursor) if cursor else "")
    d = json.load(urllib.request.urlopen(url + "api/v1/articles?" + q))
    seen += [a["id"] for a in d["articles"]]
    pages += 1
    cursor = d["next_cursor"]
    if not cursor:
        break
assert len(seen) == len(set(seen)) == total, (seen, total)
assert pages >= 2
# a search pages the same way
d1 = json.load(urllib.request.urlopen(url + "api/v1/search?q=microsoft&limit=1"))
d2 = json.load(urllib.request.urlopen(url + "api/v1/search?q=microsoft&limit=1&cursor=" + d1["next_cursor"]))
assert d1["articles"][0]["id"] != d2["articles"][0]["id"]
PY

# ---- downloads: CSV as the command line writes it, STIX that validates
[ "$(get "${URL}api/v1/vendor/microsoft?format=csv")" = 200 ] || die "csv download"
contains headers.txt "Content-Type: text/csv"
contains headers.txt "Content-Disposition: attachment"
"$SECNEWS" vendor microsoft --format csv > cli.csv
cmp -s body.txt cli.csv || { diff body.txt cli.csv >&2; die "csv download differs from the CLI's"; }
[ "$(get "${URL}api/v1/actor/hafnium?format=stix")" = 200 ] || die "stix download"
cp body.txt listing.stix.json
/usr/bin/python3 "$TOP/tests/stix_validate.py" "$SHARED/stix/schemas" listing.stix.json >v.txt 2>&1 || { cat v.txt; die "stix download does not validate"; }
"$SECNEWS" export --format stix --actor hafnium -o cli.stix.json 2>/dev/null
cmp -s listing.stix.json cli.stix.json || die "stix download differs from secnews export --actor"

# ---- TAXII 2.1
sql "SELECT count(*) FROM article" > narticles
"$SECNEWS" export --format stix -o export.stix.json 2>/dev/null
/usr/bin/python3 - "$URL" > taxii.txt 2>&1 <<'PY' || { cat taxii.txt; die "taxii"; }
import json, sys, urllib.request, urllib.error
base = sys.argv[1]
TAXII = "application/taxii+json;version=2.1"
def get(path, accept=TAXII):
    req = urllib.request.Request(base + path.lstrip("/"), headers={"Accept": accept})
    try:
        r = urllib.request.urlopen(req)
        return r.status, dict(r.headers), json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read())
def need(obj, fields, what):
    for f, t in fields.items():
        assert f in obj, "%s lacks %s: %s" % (what, f, obj)
        assert isinstance(obj[f], t), "%s.%s is not %s" % (what, f, t)
s, h, d = get("/taxii2/")
assert s == 200 and h["Content-Type"] == TAXII, (s, h)
need(d, {"title": str}, "discovery")
assert d["api_roots"] and all(u.endswith("/taxii2/secnews/") for u in d["api_roots"]), d
s, h, d = get("/taxii2/secnews/")
need(d, {"title": str, "versions": list, "max_content_length": int}, "api root")
assert TAXII in d["versions"]
s, h, d = get("/taxii2/secnews/collections/")
assert len(d["collections"]) == 1
col = d["collections"][0]
need(col, {"id": str, "title": str, "can_read": bool, "can_write": bool}, "collection")
assert col["can_read"] and not col["can_write"]
cbase = "/taxii2/secnews/collections/%s/" % col["id"]
s, h, d = get(cbase)
assert s == 200 and d["id"] == col["id"]
# every object, two at a time, following next
objs, nxt, first_last = [], None, None
while True:
    s, h, d = get(cbase + "objects/?limit=2" + ("&next=" + nxt if nxt else ""))
    assert s == 200 and h["Content-Type"] == TAXII, (s, h)
    for o in d.get("objects", []):
        need(o, {"type": str, "id": str, "spec_version": str}, "object")
    if d.get("objects"):
        assert "X-TAXII-Date-Added-First" in h and "X-TAXII-Date-Added-Last" in h, h
        first_last = h["X-TAXII-Date-Added-Last"]
    objs += d.get("objects", [])
    assert isinstance(d.get("more", False), bool)
    if not d.get("more"):
        break
    nxt = d["next"]
ids = [o["id"] for o in objs]
assert len(ids) == len(set(ids)), "duplicates in one poll"
reports = [o for o in objs if o["type"] == "report"]
assert len(reports) == int(open("narticles").read()), len(reports)
# every reference resolves inside the collection
for r in reports:
    for ref in r["object_refs"]:
        assert ref in ids, ref
# the objects are the export's
exp = json.load(open("export.stix.json"))["objects"]
assert sorted(ids) == sorted(o["id"] for o in exp), "collection != export"
byid = {o["id"]: o for o in exp}
assert all(o == byid[o["id"]] for o in objs), "an object differs from the export's"
# polling again from the last date added gives nothing new
s, h, d = get(cbase + "objects/?added_after=" + first_last)
assert not d.get("objects"), d
# manifest: the same ids, with the required fields
s, h, d = get(cbase + "manifest/?limit=1000")
for m in d["objects"]:
    need(m, {"id": str, "date_added": str, "version": str}, "manifest record")
assert [m["id"] for m in d["objects"]] == ids
# filters
s, h, d = get(cbase + "objects/?match[type]=intrusion-set,vulnerability&limit=1000")
assert d["objects"] and all(o["type"] in ("intrusion-set", "vulnerability") for o in d["objects"])
one = reports[0]["id"]
s, h, d = get(cbase + "objects/?match[id]=" + one)
assert [o["id"] for o in d["objects"]] == [one]
s, h, d = get(cbase + "objects/" + one + "/")
assert [o["id"] for o in d["objects"]] == [one]
s, h, d = get(cbase + "objects/" + one + "/versions/")
assert d["versions"] == [reports[0]["modified"]], d
s, h, d = get(cbase + "objects/report--00000000-0000-5000-8000-000000000000/")
assert s == 404 and d["http_status"] == "404" and d["title"], d
s, h, d = get("/taxii2/secnews/collections/nope/objects/")
assert s == 404
s, h, d = get(cbase + "objects/", accept="text/html")
assert s == 406, s
print("taxii ok: %d objects" % len(objs))
PY
contains taxii.txt "taxii ok"

# ---- a writer beside the server: ingest while pages are read
"$SECNEWS" ingest "$SHARED/corpus/security" > ingest.out 2> ingest.err &
IPID=$!
n=0
while kill -0 $IPID 2>/dev/null && [ $n -lt 200 ]; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "${URL}search?q=microsoft")
	[ "$code" = 200 ] || die "search during ingest: $code"
	n=$((n + 1))
done
wait $IPID || { cat ingest.err; die "ingest beside the server failed"; }
stored=$(sql "SELECT count(*) FROM article")
get "${URL}api/v1/stats" >/dev/null
/usr/bin/python3 -c "
import json
s = json.load(open('body.txt'))['stats']
assert [r['count'] for r in s if r['key'] == 'articles'] == [$stored], s" || die "the server does not see what ingest wrote"

# ---- a clean stop
kill -TERM $SVPID
wait $SVPID
rc=$?
SVPID=
[ $rc = 0 ] || { cat serve.err; die "serve exited $rc on SIGTERM"; }
contains serve.err "stopped (SIGTERM)"
start_serve --threads 2
kill -INT $SVPID
wait $SVPID || die "serve exited non-zero on SIGINT"
SVPID=
contains serve.err "stopped (SIGINT)"

# ---- a token: required, compared whole
printf '%s\n' "s3cret-token-for-the-team" > team.tok
start_serve --token team.tok
[ "$(get "${URL}")" = 401 ] || die "no token: not 401"
contains headers.txt "WWW-Authenticate: Bearer"
[ "$(get -H 'Authorization: Bearer s3cret-token-for-the-tea' "${URL}")" = 401 ] || die "a prefix of the token passed"
[ "$(get -H 'Authorization: Bearer s3cret-token-for-the-team' "${URL}")" = 200 ] || die "the token did not pass"
stop_serve
