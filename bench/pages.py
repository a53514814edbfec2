#!/usr/bin/env python3
"""bench/pages.py BASE COOKIE USER [MAX] — every page a user reaches, timed.

Follows the links of each page from the user's home ("/"), breadth first,
same origin, GET only, at most two pages of each shape (the path with its
numbers as ":n" and the names of its query's parameters) and MAX pages in
all (default 300). Leaves out signing out and the downloads (an export,
the payment file: a file of the whole register, not a page) unless
BENCH_EXPORTS=1. Asks each page twice and keeps the second time (warm).
Prints one line per page, slowest first: milliseconds, status, user, path
and the page whose link led there ("-" for the home). Then asks every other
link those pages offered once (at most BENCH_LINK_CHECKS, 2000), not timed,
and prints "link STATUS USER PATH FROM" for each.
"""
import collections
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

base, cookie, user = sys.argv[1], sys.argv[2], sys.argv[3]
limit = int(sys.argv[4]) if len(sys.argv) > 4 else 300
checks = int(os.environ.get("BENCH_LINK_CHECKS", "2000"))
skip = r"^/(logout|login|static/)|/(delete|revoke|logout)\b"
if os.environ.get("BENCH_EXPORTS") != "1":
    skip += r"|/export\b|/payment-file\b|[?&]format="
skip_re = re.compile(skip)
href_re = re.compile(r'href="(/[^"#]*)"')


def shape(path):
    p, _, q = path.partition("?")
    names = sorted(urllib.parse.parse_qs(q, keep_blank_values=True))
    return re.sub(r"\d+", ":n", p) + ("?" + "&".join(names) if names else "")


def get(path):
    req = urllib.request.Request(base + path, headers={"Cookie": cookie})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            body, code, ctype = r.read(), r.status, r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        body, code, ctype = b"", e.code, ""
    return (time.perf_counter() - t) * 1000, code, body, ctype


seen, shapes, queue, out = set(), collections.Counter(), collections.deque([("/", "-")]), []
unvisited = {}   # a link of a shape already timed twice: its first page
while queue and len(out) < limit:
    path, came_from = queue.popleft()
    if path in seen:
        continue
    if shapes[shape(path)] >= 2:
        unvisited.setdefault(path, came_from)
        continue
    seen.add(path)
    unvisited.pop(path, None)
    shapes[shape(path)] += 1
    _, code, body, ctype = get(path)
    ms, code, _, _ = get(path)
    out.append((ms, code, path, came_from))
    if "html" in ctype:
        for m in href_re.finditer(body.decode("utf-8", "replace")):
            link = m.group(1).replace("&amp;", "&")
            if link not in seen and not skip_re.search(link):
                queue.append((link, path))
for ms, code, path, came_from in sorted(out, reverse=True):
    print(f"{ms:10.1f} {code} {user} {path} {came_from}")
# Every other link the timed pages offered is asked once, for its status
# only (a link a page offers should open): "link STATUS USER PATH FROM".
for path, came_from in list(unvisited.items())[:checks]:
    _, code, _, _ = get(path)
    print(f"link {code} {user} {path} {came_from}")
