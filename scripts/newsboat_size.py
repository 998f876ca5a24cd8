#!/usr/bin/env python3
"""newsboat's cache size for the articles of a keruen cache (gen_cache's).

  python3 scripts/newsboat_size.py DIR [--every 100] [--port 8799]

newsboat cannot take a million articles in one run in useful time (its
first refresh is superlinear: 18 s for 25,000 articles here), so the
figure is measured on a sample and scaled:

1. every Nth feed of the cache (default: 20 of 2,000) is written out as an
   RSS 2.0 document holding all of that feed's articles (title, link, guid,
   author, date, description = the stored summary, content:encoded = the
   stored content), from the stored texts as keruen reads them (zstd
   frames with the cache's dictionaries, text blocks; schema v23's links
   relative to their feed's origin made whole again);
2. the documents are served on loopback by ../shared/bench/serve.py and
   newsboat 2.x fetches them into an empty cache (`-x reload`), as the
   comparison suite runs it;
3. newsboat's bytes per byte of article text on the sample (`du -sb` of its
   cache dir over the summary + content + title bytes it was given) times
   the text bytes of the whole cache is the estimate for all articles.
Prints one JSON line: "newsboat_size" with the sample, the estimate, keruen's
cache size and the ratio. Needs newsboat (apt-get install newsboat) and
the zstandard module (pip install zstandard); reads caches of schema v23
and later (authors as names since v25).
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

try:
    import zstandard
except ImportError:
    sys.exit("needs the zstandard module (pip install zstandard)")
from email.utils import format_datetime
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVE = os.path.join(ROOT, "..", "shared", "bench", "serve.py")


class Texts:
    """Stored texts as keruen reads them (schema v21 and later): TEXT as
    is; a BLOB is a zstd frame (with one of the cache's dictionaries,
    `text_dicts`) or, from older versions, raw deflate; an INTEGER in
    `content` is the id of the text block holding both texts (a zstd
    frame of: a varint count n, n x (article id, summary tag, content tag)
    as varints, tag 0 = NULL else length + 1, then the texts in order)."""

    def __init__(self, db):
        self.db = db
        self.dicts = {}
        for did, data in db.execute("SELECT id, dict FROM text_dicts"):
            d = zstandard.ZstdCompressionDict(data)
            self.dicts[d.dict_id()] = zstandard.ZstdDecompressor(dict_data=d)
        self.plain = zstandard.ZstdDecompressor()
        self.block_id = None
        self.block = {}

    def unzstd(self, blob):
        did = zstandard.get_frame_parameters(blob).dict_id
        dctx = self.dicts.get(did) if did else self.plain
        if dctx is None:
            raise SystemExit(f"a text names dictionary {did}, which the cache does not hold")
        return dctx.decompress(blob)

    def one(self, v):
        if v is None:
            return ""
        if isinstance(v, bytes):
            if v[:4] == b"\x28\xb5\x2f\xfd":
                return self.unzstd(v).decode("utf-8")
            return zlib.decompress(v, -15).decode("utf-8")
        return v

    def of(self, article_id, summary, content):
        """(summary, content) of one article's `article_texts` row."""
        if isinstance(content, int):
            if self.block_id != content:
                (data,) = self.db.execute(
                    "SELECT data FROM text_blocks WHERE id = ?", (content,)).fetchone()
                self.block, self.block_id = members(self.unzstd(data)), content
            return self.block.get(article_id, ("", ""))
        return self.one(summary), self.one(content)


def varint(raw, at):
    v = shift = 0
    while True:
        b = raw[at]
        at += 1
        v |= (b & 0x7F) << shift
        if b < 0x80:
            return v, at
        shift += 7


def members(raw):
    """A decoded text block: {article id: (summary, content)}."""
    n, at = varint(raw, 0)
    heads = []
    for _ in range(n):
        aid, at = varint(raw, at)
        s, at = varint(raw, at)
        c, at = varint(raw, at)
        heads.append((aid, s, c))
    out = {}
    for aid, s, c in heads:
        texts = []
        for tag in (s, c):
            length = max(tag - 1, 0)
            texts.append(raw[at:at + length].decode("utf-8"))
            at += length
        out[aid] = tuple(texts)
    return out


# The whole link of a stored one (schema v23: relative to the feed's origin).
LINK = ("CASE substr(a.link, 1, 1) WHEN '/' THEN coalesce(f.link_origin, '') || a.link "
        "WHEN '!' THEN substr(a.link, 2) ELSE a.link END")


def rss(feed_name, rows):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           f"<channel><title>{html.escape(feed_name)}</title><link>https://example.kz/</link>"]
    nbytes = 0
    for key, title, link, author, published, summary, content in rows:
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


def total_text_bytes(db, texts):
    """Title + summary + content bytes of every article (texts decoded,
    blocks in order so each is decompressed once)."""
    n = 0
    for aid, title, summary, content in db.execute(
            "SELECT a.id, a.title, t.summary, t.content FROM articles a "
            "LEFT JOIN article_texts t ON t.article_id = a.id "
            "ORDER BY CASE typeof(t.content) WHEN 'integer' THEN t.content ELSE -1 END, a.id"):
        s, c = texts.of(aid, summary, content)
        n += len(title.encode()) + len(s.encode()) + len(c.encode())
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
    texts = Texts(db)
    work = tempfile.mkdtemp(prefix="keruen-nb-")
    server = None
    try:
        docs = os.path.join(work, "docs")
        os.makedirs(docs)
        feeds = db.execute("SELECT id, name FROM feeds ORDER BY id").fetchall()
        sample = feeds[::args.every]
        # v25 keeps authors once, as ids into `article_names`.
        has_text = db.execute("SELECT EXISTS (SELECT 1 FROM pragma_table_info('articles') "
                              "WHERE name = 'author')").fetchone()[0]
        author = ("a.author" if has_text
                  else "(SELECT name FROM article_names WHERE id = a.author_id)")
        sample_bytes = sample_articles = 0
        urls = []
        for fid, name in sample:
            rows = [
                (key, title, link, author, published, *texts.of(aid, summary, content))
                for aid, key, title, link, author, published, summary, content in db.execute(
                    f"SELECT a.id, coalesce(a.key_text, {LINK}), a.title, {LINK}, {author}, "
                    "a.sort_date + a.published, t.summary, t.content "
                    "FROM articles a JOIN feeds f ON f.id = a.feed_id "
                    "LEFT JOIN article_texts t ON t.article_id = a.id "
                    "WHERE a.feed_id = ? ORDER BY a.sort_date DESC", (fid,))]
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
        all_bytes = total_text_bytes(db, texts)
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
