#!/usr/bin/python3
"""harden_pages.py: build a batch of distinct pages for the hardening tests.

usage: harden_pages.py SHARED OUTDIR COUNT [SEED]

Copies the shared corpus pages (readability and security source.html, the
seed article) round-robin into OUTDIR/pNNNNN.html|.txt, making each copy
distinct by writing a numbered sentence that names a threat actor into every
paragraph and giving it its own canonical URL, so every page is a new article
(no duplicate body or address) and names at least one known actor. (A few
source pages are not articles at all and are skipped by ingest.) A fixed SEED gives the same batch every time."""
import glob
import os
import random
import re
import sys

ACTORS = ["APT28", "Lazarus Group", "Sandworm Team", "HAFNIUM", "APT29"]


def main():
    shared, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
    srcs = sorted(glob.glob(os.path.join(shared, "corpus/security/*/source.html")))
    srcs += sorted(glob.glob(os.path.join(shared, "corpus/pages/readability/*/source.html")))
    srcs.append(os.path.join(shared, "corpus/seed-article.txt"))
    os.makedirs(out, exist_ok=True)
    pages = []
    for s in srcs:
        with open(s, "rb") as f:
            pages.append((s, f.read()))
    for i in range(count):
        src, data = pages[i % len(pages)]
        actor = ACTORS[rng.randrange(len(ACTORS))]
        mark = ("Report %d of the batch names %s as the group behind it. " % (i, actor)).encode()
        if src.endswith(".txt"):
            # plain text: a numbered paragraph after the headline
            head, sep, rest = data.partition(b"\n\n")
            body = head + sep + mark + b"\n\n" + rest
            name = "p%05d.txt" % i
        else:
            body, n = re.subn(rb"(<p\b[^>]*>)", lambda m: m.group(1) + mark, data, flags=re.I)
            if n == 0:
                body = data.replace(b"<body", b"<body><p>" + mark + b"</p><x", 1)
            # each copy is its own page: its own canonical address, none shared
            body = re.sub(rb"<link\b[^>]*\bcanonical\b[^>]*>|<meta\b[^>]*\bog:url\b[^>]*>", b"", body, flags=re.I)
            body = re.sub(rb"(<head\b[^>]*>)", lambda m: m.group(1) + (
                b'<link rel="canonical" href="https://batch.example/%d/page.html">' % i), body, count=1, flags=re.I)
            name = "p%05d.html" % i
        with open(os.path.join(out, name), "wb") as f:
            f.write(body)


main()
