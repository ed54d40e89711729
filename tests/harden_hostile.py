#!/usr/bin/python3
"""harden_hostile.py: write the hostile inputs of tests/e2e/harden_hostile.sh.

usage: harden_hostile.py OUTDIR SECRETFILE ACTORS...

Every page also names a known actor (APT28) so that a page that is read
right shows it in its mentions."""
import os
import sys

out, secret = sys.argv[1], sys.argv[2]
actors = sys.argv[3:]
os.makedirs(out, exist_ok=True)
_STORY = ("APT28 exploited a router flaw in a long campaign against ministries, "
          "researchers said on Monday in a detailed report about the intrusions.")
_case = [0]


class _Story:
    """STORY: the same sentence with a new case number each time it is used,
    so that no two inputs share a body (which would be stored once)."""

    def __str__(self):
        _case[0] += 1
        return "%s Case %d." % (_STORY, _case[0])

    def __radd__(self, other):
        return other + str(self)

    def __add__(self, other):
        return str(self) + other

    def encode(self, *a):
        return str(self).encode(*a)


STORY = _Story()


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def page(title, body):
    return "<html><head><title>%s</title></head><body><article><p>%s</p></article></body></html>" % (title, body)


# 100,000 levels of nested markup, and unclosed nesting of another kind
put("deep-div.html", "<html><body>" + "<div>" * 100000 + "<p>" + STORY + "</p>" + "</div>" * 100000 + "</body></html>")
put("deep-unclosed.html", "<html><body>" + "<span><b><i>" * 34000 + "<p>" + STORY + "</p>")
# a 50 MB page on one line
chunk = STORY + " "
put("one-line-50mb.html", "<html><head><title>Long line</title></head><body><p>" + chunk * (50 * 1024 * 1024 // len(chunk)) + "</p></body></html>")
# NUL bytes inside an HTML page and a text
put("nul.html", page("NUL page", STORY).replace("<p>", "<p>\0\0zero\0", 1))
put("nul.txt", "NUL text\n\n" + STORY + "\0 after a NUL " + STORY)
# invalid and overlong UTF-8
bad = b"\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf4\x90\x80\x80\xff\xfe\x80"
put("invalid-utf8.html", page("Bad \xff bytes", STORY).encode("utf-8").replace(b"\xc3\xbf", bad) + bad)
put("invalid-utf8.txt", b"Bad bytes " + bad + b" title\n\n" + STORY.encode() + bad + b" " + STORY.encode())
# UTF-16 with and without a BOM
def u16(n):
    return page("Sixteen bits %d" % n, STORY + " Variant %d of the page." % n)


put("utf16le-bom.html", b"\xff\xfe" + u16(1).encode("utf-16-le"))
put("utf16be-bom.html", b"\xfe\xff" + u16(2).encode("utf-16-be"))
put("utf16le-nobom.html", u16(3).encode("utf-16-le"))
put("utf16le-bom.txt", b"\xff\xfe" + ("Sixteen bits text\n\n" + STORY).encode("utf-16-le"))
# declares windows-1251, is UTF-8 (the text must come out as written)
put("declared-1251-is-utf8.html", ('<html><head><meta charset="windows-1251"><title>Zürich café: naïve</title></head>'
                                   "<body><p>" + STORY + " Zürich café naïve.</p></body></html>").encode("utf-8"))
# declares UTF-8, is windows-1252
put("declared-utf8-is-1252.html", ('<html><head><meta charset="utf-8"><title>Caf\xe9 na\xefve</title></head>'
                                   "<body><p>" + STORY + " caf\xe9.</p></body></html>").encode("cp1252"))
# an entity-expansion bomb and an external entity naming a local file
lol = '<!ENTITY lol0 "lol">' + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
put("bomb.xhtml", '<?xml version="1.0"?><!DOCTYPE html [' + lol + ']><html xmlns="http://www.w3.org/1999/xhtml">'
    "<head><title>Bomb &lol9;</title></head><body><p>" + STORY + " &lol9;</p></body></html>")
put("xxe.xhtml", '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://%s">]>'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>XXE &xxe;</title></head>'
    "<body><p>%s &xxe;</p></body></html>" % (secret, STORY))
put("xxe.html", '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://%s">]><html><head><title>XXE &xxe;</title>'
    '</head><body><p>%s &xxe;</p><iframe src="file://%s"></iframe></body></html>' % (secret, STORY, secret))
# a feed of 1,000,000 items, given to ingest as a page
with open(os.path.join(out, "feed-1m.xml"), "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>')
    for i in range(1000000):
        f.write("<item><title>t%d</title></item>" % i)
    f.write("</channel></rss>")
# a title of 1 MB
put("title-1mb.html", page("APT28 " + "x" * (1024 * 1024), STORY))
# an article naming every known actor
put("every-actor.txt", "Every actor\n\n" + " ".join(
    "The %s group attacked again, researchers said." % a for a in actors) + "\n")
