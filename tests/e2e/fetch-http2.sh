# fetch-http2.sh: HTTP/2 over TLS when the server offers it, and a TLS error
# when the certificate is not trusted. nghttpd (nghttp2-server) speaks only
# HTTP/2, so a page stored from it was fetched over HTTP/2; it listens on
# 127.0.0.1 only, with a certificate made here.
. "$TOP/tests/e2e-lib.sh"

command -v nghttpd >/dev/null || die "nghttpd missing (make deps installs nghttp2-server)"
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
	-subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null || die "openssl"
mkdir www
cp "$TOP/data/samples/proxylogon-advisory.html" www/page.html
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nghttpd -v --address=127.0.0.1 -d www "$port" key.pem cert.pem > ng.log 2>&1 &
ngpid=$!
trap 'kill $ngpid 2>/dev/null' EXIT
i=0
until grep -q "listen 127.0.0.1" ng.log 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done

expect_status 0 "$SECNEWS" get --cacert cert.pem "https://127.0.0.1:$port/page.html"
contains out.txt "new"
contains out.txt "Exchange Server zero-days"
grep -q "recv (stream_id=1) :path: /page.html" ng.log || die "no HTTP/2 request reached the server"
grep -q "user-agent: secnews/" ng.log || die "the User-Agent does not name secnews"
[ "$(sql "SELECT count(*) FROM article WHERE url LIKE 'https://127.0.0.1:%'")" = 1 ] || die "page not stored"

# an untrusted certificate: a clear TLS error, nothing stored
expect_status 3 "$SECNEWS" get "https://127.0.0.1:$port/page.html?again"
contains err.txt "TLS error"
contains err.txt "certificate"
