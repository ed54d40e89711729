#!/usr/bin/python3
"""server.py: a small HTTP server for the fetch tests (standard library only).

Binds 127.0.0.1 on an ephemeral port, and 127.0.0.2 on the same port (a
second host, still loopback), and prints the port on the first line of
stdout. Serves the files under --root; in a file, {{BASE}} becomes
http://127.0.0.1:PORT and {{BASE2}} http://127.0.0.2:PORT.
Every file response carries an ETag and a Last-Modified and honours
If-None-Match / If-Modified-Since with 304.

Scripted behaviours, chosen by query parameters on any path:
  status=N          answer with status N (a short text body)
  retry_after=V     add Retry-After: V
  fail_first=K      apply status/retry_after/redirect only to the first K
                    requests of this path and query (then serve the file)
  redirect=URL      302 to URL (relative or absolute)
  loop=1            302 to this very URL, forever
  delay=S           wait S seconds before answering
  stall=S           send the headers and a few bytes, then wait S seconds
  truncate=1        promise the whole length but send half, then close
  gzip=1            gzip the body when the client accepts it
  type=CT           Content-Type to send
  size=N            a body of N bytes of text instead of a file
  nolength=1        no Content-Length: the body ends when the connection closes
  novalidators=1    no ETag and no Last-Modified
  noetag=1          no ETag (Last-Modified only)

With --log FILE, one line per request start and end, tab-separated:
  START host path active active_on_host if-none-match if-modified-since accept-encoding user-agent
  END   host path status
"""
import argparse
import email.utils
import gzip
import hashlib
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

lock = threading.Lock()
active = {"all": 0}
counts = {}
opts = None
port = 0


def log(*fields):
    if not opts.log:
        return
    with lock:
        with open(opts.log, "a") as f:
            f.write("\t".join(str(x) for x in fields) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def host(self):
        return (self.headers.get("Host") or "").rsplit(":", 1)[0]

    def do_GET(self):
        host = self.host()
        with lock:
            active["all"] += 1
            active[host] = active.get(host, 0) + 1
            n_all, n_host = active["all"], active[host]
        log("START", host, self.path, n_all, n_host,
            self.headers.get("If-None-Match", "-"), self.headers.get("If-Modified-Since", "-"),
            self.headers.get("Accept-Encoding", "-"), self.headers.get("User-Agent", "-"))
        status = 0
        try:
            status = self.answer()
        except (BrokenPipeError, ConnectionResetError):
            status = -1
        finally:
            with lock:
                active["all"] -= 1
                active[host] -= 1
            log("END", host, self.path, status)

    def send_text(self, status, text, extra=None):
        body = text.encode()
        self.send_response(status)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return status

    def answer(self):
        u = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(u.query).items()}
        with lock:
            counts[self.path] = counts.get(self.path, 0) + 1
            nth = counts[self.path]
        if "delay" in q:
            time.sleep(float(q["delay"]))
        scripted = "fail_first" not in q or nth <= int(q["fail_first"])
        if "loop" in q:
            q["redirect"] = self.path
        if scripted and "redirect" in q:
            self.send_response(302)
            self.send_header("Location", q["redirect"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 302
        if scripted and "status" in q:
            extra = {"Retry-After": q["retry_after"]} if "retry_after" in q else {}
            return self.send_text(int(q["status"]), "scripted status\n", extra)
        if "size" in q:
            body = (b"x" * 63 + b"\n") * (int(q["size"]) // 64) + b"x" * (int(q["size"]) % 64)
            mtime = time.time()
        else:
            path = os.path.normpath(os.path.join(opts.root, u.path.lstrip("/")))
            if not path.startswith(os.path.abspath(opts.root)) or not os.path.isfile(path):
                return self.send_text(404, "not found\n")
            with open(path, "rb") as f:
                body = f.read()
            body = body.replace(b"{{BASE}}", b"http://127.0.0.1:%d" % port)
            body = body.replace(b"{{BASE2}}", b"http://127.0.0.2:%d" % port)
            mtime = os.path.getmtime(path)
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        lastmod = email.utils.formatdate(int(mtime), usegmt=True)
        validators = "novalidators" not in q
        if validators:
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = False
            if "noetag" in q:
                inm = None
            if inm is not None:
                fresh = inm == etag
            elif ims is not None:
                try:
                    fresh = email.utils.parsedate_to_datetime(ims).timestamp() >= int(mtime)
                except (TypeError, ValueError):
                    fresh = False
            if fresh:
                self.send_response(304)
                if "noetag" not in q:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return 304
        ctype = q.get("type")
        if not ctype:
            ext = os.path.splitext(u.path)[1]
            ctype = {".xml": "application/xml", ".rss": "application/rss+xml",
                     ".atom": "application/atom+xml", ".html": "text/html; charset=utf-8",
                     ".opml": "text/x-opml"}.get(ext, "application/octet-stream")
        encoding = None
        if "gzip" in q and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            encoding = "gzip"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if validators:
            if "noetag" not in q:
                self.send_header("ETag", etag)
            self.send_header("Last-Modified", lastmod)
        if "nolength" in q:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if "stall" in q:
            self.wfile.write(body[:16])
            self.wfile.flush()
            time.sleep(float(q["stall"]))
            self.close_connection = True
            return 200
        if "truncate" in q:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return 200
        self.wfile.write(body)
        return 200


def main():
    global opts, port
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    ap.add_argument("--log")
    opts = ap.parse_args()
    opts.root = os.path.abspath(opts.root)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    port = srv.server_address[1]
    srv2 = ThreadingHTTPServer(("127.0.0.2", port), Handler)
    srv2.daemon_threads = True
    threading.Thread(target=srv2.serve_forever, daemon=True).start()
    print(port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
