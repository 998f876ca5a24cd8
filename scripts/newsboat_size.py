#!/usr/bin/env python3
"""newsboat's cache size for the articles of a keruen cache (gen_cache's).

  python3 scripts/newsboat_size.py DIR [--every 100] [--port 8799]

newsboat cannot take a million articles in one run in useful time (its
first refresh is superlinear: 18 s for 25,000 articles here), so the
figure is measured on a sample and scaled:

1. every Nth feed of the cache (default: 20 of 2,000) is written out as an
   RSS 2.0 document holding all of that feed's articles (title, link, guid,
   author, date, description = the stored summary, content:encoded = the
   stored content), from the stored texts (raw deflate BLOBs decoded);
2. the documents are served on loopback by ../shared/bench/serve.py and
   newsboat 2.x fetches them into an empty cache (`-x reload`), as the
   comparison suite runs it;
3. newsboat's bytes per byte of article text on the sample (`du -sb` of its
   cache dir over the summary + content + title bytes it was given) times
   the text bytes of the whole cache is the estimate for all articles.
Prints one JSON line: "newsboat_size" with the sample, the estimate, keruen's
cache size and the ratio. Needs newsboat (apt-get install newsboat).
"""

import argparse
import html
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from email.utils import format_datetime
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVE = os.path.join(ROOT, "..", "shared", "bench", "serve.py")


def text(v):
    """A stored text: TEXT as is, a BLOB is raw deflate."""
    if v is None:
        return ""
    if isinstance(v, bytes):
        return zlib.decompress(v, -15).decode("utf-8")
    return v


def rss(feed_name, rows):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           f"<channel><title>{html.escape(feed_name)}</title><link>https://example.kz/</link>"]
    nbytes = 0
    for key, title, link, author, published, summary, content in rows:
        summary, content = text(summary), text(content)
        nbytes += len(title.encode()) + len(summary.encode()) + len(content.encode())
        date = format_datetime(datetime.fromtimestamp(published or 0, timezone.utc))
        out.append("<item>")
        out.append(f"<title>{html.escape(title)}</title><guid>{html.escape(key)}</guid>")
        if link:
            out.append(f"<link>{html.escape(link)}</link>")
        if author:
            out.append(f"<author>{html.escape(author)}</author>")
        out.append(f"<pubDate>{date}</pubDate><description>{html.escape(summary)}</description>")
        if content:
            out.append(f"<content:encoded>{html.escape(content)}</content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "".join(out), nbytes


def total_text_bytes(db):
    """Title + summary + content bytes of every article (texts decoded)."""
    n = 0
    for title, summary, content in db.execute(
            "SELECT a.title, t.summary, t.content FROM articles a "
            "LEFT JOIN article_texts t ON t.article_id = a.id"):
        n += len(title.encode()) + len(text(summary).encode()) + len(text(content).encode())
    return n


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir")
    p.add_argument("--every", type=int, default=100)
    p.add_argument("--port", type=int, default=8799)
    args = p.parse_args()
    if not shutil.which("newsboat"):
        sys.exit("newsboat is not installed (apt-get install newsboat)")
    cache = os.path.join(args.dir, "data", "cache.db")
    db = sqlite3.connect(f"file:{cache}?mode=ro", uri=True)
    work = tempfile.mkdtemp(prefix="keruen-nb-")
    server = None
    try:
        docs = os.path.join(work, "docs")
        os.makedirs(docs)
        feeds = db.execute("SELECT id, name FROM feeds ORDER BY id").fetchall()
        sample = feeds[::args.every]
        sample_bytes = sample_articles = 0
        urls = []
        for fid, name in sample:
            rows = db.execute(
                "SELECT a.key, a.title, a.link, a.author, a.published, t.summary, t.content "
                "FROM articles a LEFT JOIN article_texts t ON t.article_id = a.id "
                "WHERE a.feed_id = ? ORDER BY a.sort_date DESC", (fid,)).fetchall()
            doc, nbytes = rss(name, rows)
            with open(os.path.join(docs, f"{fid}.xml"), "w") as f:
                f.write(doc)
            sample_bytes += nbytes
            sample_articles += len(rows)
            urls.append(f"http://127.0.0.1:{args.port}/{fid}.xml")
        with open(os.path.join(work, "urls"), "w") as f:
            f.write("\n".join(urls) + "\n")
        with open(os.path.join(work, "config"), "w") as f:
            f.write("reload-threads 2\n")
        server = subprocess.Popen([sys.executable, SERVE, docs, "--port", str(args.port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if subprocess.run(["curl", "-sf", f"http://127.0.0.1:{args.port}/__stats"],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        nbdir = os.path.join(work, "nb")
        os.makedirs(nbdir)
        t = time.monotonic()
        subprocess.run(["newsboat", "-u", os.path.join(work, "urls"), "-C",
                        os.path.join(work, "config"), "-c", os.path.join(nbdir, "cache.db"),
                        "-x", "reload"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=3600)
        reload_s = time.monotonic() - t
        nb_bytes = sum(os.path.getsize(os.path.join(nbdir, f)) for f in os.listdir(nbdir))
        nb = sqlite3.connect(os.path.join(nbdir, "cache.db"))
        nb_items = nb.execute("SELECT count(*) FROM rss_item").fetchone()[0]
        nb.close()
        all_bytes = total_text_bytes(db)
        all_articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        estimate = nb_bytes * all_bytes / max(sample_bytes, 1)
        ours = sum(os.path.getsize(os.path.join(args.dir, "data", f))
                   for f in os.listdir(os.path.join(args.dir, "data")))
        print(json.dumps({
            "figure": "newsboat_size", "load": os.getloadavg()[0],
            "sample_feeds": len(sample), "sample_articles": sample_articles,
            "newsboat_sample_items": nb_items, "newsboat_sample_bytes": nb_bytes,
            "newsboat_reload_s": round(reload_s, 1),
            "articles": all_articles, "text_bytes": all_bytes,
            "newsboat_estimate_bytes": int(estimate), "keruen_bytes": ours,
            "ratio": round(ours / estimate, 3), "target": "<= 0.5"}), flush=True)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
