#!/usr/bin/env python3
"""Story grouping and related stories on labelled pairs, measured through
the real binary: `keruen refresh`, then `keruen top --json` and `keruen
related --json`, as a user (or an outside judge) would see them.

`cargo run --release --example eval_pairs` measures the clusterer's own
pairwise decision in memory; this script checks that what the reader
shows agrees with it. Each language becomes a set of RSS files on disk,
each distinct headline one article (as in eval_pairs), the two sides of
every pair in different feeds (at most PER_FEED items a feed, under the
cache's 1,000-a-feed cap), all published within the last day. Then:

- grouped: both sides are members of one story of `top --json`
  (transitive grouping included, as the reader shows it);
- related@5: side b is in side a's story, or `related --json -n 5` of side
  a lists b's story (by any of its reports: the reader lists each story
  once, by its report closest to the article) (`1` and `loose` pairs);
- negatives shown@5: the same for `0` pairs (lower is better).

The halves are the ones eval_pairs uses (the same stable hash of the pair
id), so the two scripts' figures can be set side by side.

Usage:
  scripts/eval_e2e.py [--binary target/release/keruen] [--langs en,ru]
                      [--no-related] [--noise-leads N] [--decisions FILE]
                      [PAIRS.tsv ...]
The pairs files default to ../shared/data/headlines/train_pairs.tsv and
the two Kazakh sets in tests/fixtures/rank/.
"""

import argparse
import collections
import contextlib
import csv
import html
import json
import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

PER_FEED = 200
DEFAULT_PAIRS = [
    "../shared/data/headlines/train_pairs.tsv",
    "tests/fixtures/rank/kk_kaznerd.tsv",
    "tests/fixtures/rank/kk_ru_tatoeba.tsv",
]
MASK = (1 << 64) - 1


def stable_hash(data: bytes) -> int:
    """`rank::fingerprint::stable_hash`: FNV-1a, then a 64-bit finaliser."""
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & MASK
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & MASK
    h ^= h >> 31
    return max(h, 1)


def is_dev(pair_id: str) -> bool:
    return stable_hash(pair_id.encode()) % 2 == 0


def read_pairs(paths):
    by_lang = collections.defaultdict(dict)
    for path in paths:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                pair = by_lang[row["lang"]].setdefault(row["pair_id"], {})
                pair[row["side"]] = row["headline"]
                pair["label"] = row["same_story"]
    return {
        lang: [(pid, p["a"], p["b"], p["label"]) for pid, p in pairs.items() if "a" in p and "b" in p]
        for lang, pairs in by_lang.items()
    }


def write_feeds(pairs, root, noise_leads=0):
    """RSS files and a config naming them; returns (config path, the guid
    of each distinct headline).

    Each distinct headline is one article, as in eval_pairs (a headline in
    several pairs is one report, not several). Articles are coloured so
    that the two sides of every pair are in different feeds (stories group
    reports of different feeds), then each colour is cut into feeds of at
    most PER_FEED items. With `noise_leads`, each article's description is
    that many other headlines of the set, chosen at random: leads that say
    nothing about the pair, as a robustness check (they must not move
    the grouping of titles)."""
    now = datetime.now(timezone.utc)
    partners = collections.defaultdict(set)
    for _, a, b, _ in pairs:
        partners[a].add(b)
        partners[b].add(a)
    colour = {}
    for title in sorted(partners, key=lambda t: stable_hash(t.encode())):
        taken = {colour[p] for p in partners[title] if p in colour}
        colour[title] = next(c for c in range(len(taken) + 1) if c not in taken)
    feeds = collections.defaultdict(list)
    placed = collections.Counter()
    titles = sorted(colour)
    guid = {}
    for title in sorted(colour, key=lambda t: stable_hash(t.encode())):
        c = colour[title]
        name = f"outlet-{c}-{placed[c] // PER_FEED}"
        placed[c] += 1
        guid[title] = f"h{stable_hash(title.encode()):016x}"
        t = now - timedelta(minutes=random.Random(guid[title]).randint(60, 1200))
        feeds[name].append((guid[title], title, t))
    config = []
    for name, items in feeds.items():
        path = os.path.join(root, name + ".xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>')
            f.write(f"<title>{name}</title><link>http://{name}.example/</link>\n")
            for g, title, t in items:
                lead = ""
                if noise_leads:
                    rng = random.Random(g)
                    words = " ".join(rng.choice(titles) for _ in range(noise_leads))
                    lead = f"<description>{html.escape(words)}</description>"
                f.write(
                    f"<item><title>{html.escape(title)}</title>{lead}"
                    f"<link>http://{name}.example/{g}</link><guid>{g}</guid>"
                    f"<pubDate>{t.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>\n"
                )
            f.write("</channel></rss>\n")
        config.append(f'[[feeds]]\nname = "{name}"\nurl = "{path}"\n')
    path = os.path.join(root, "config.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(config))
    return path, guid


def keruen(binary, env, *args):
    out = subprocess.run([binary, *args], env=env, capture_output=True)
    if out.returncode != 0:
        err = out.stderr.decode(errors="replace").strip()
        sys.exit(f"{binary} {' '.join(args)} failed (exit {out.returncode}): {err}")
    return out.stdout


def measure(binary, lang, pairs, related, root, decisions=None, noise_leads=0):
    config, guid_of = write_feeds(pairs, root, noise_leads)
    env = dict(os.environ, KERUEN_CONFIG=config, KERUEN_DATA_DIR=os.path.join(root, "data"))
    keruen(binary, env, "refresh")
    articles = json.loads(keruen(binary, env, "list", "--json", "-n", "10000000"))
    guid = {a["id"]: a["link"].rsplit("/", 1)[1] for a in articles}
    ident = {g: i for i, g in guid.items()}
    top = json.loads(keruen(binary, env, "top", "--json", "--since", "30d", "-n", "10000000"))
    story = {}
    for s in top:
        for m in s["members"]:
            story[guid[m]] = s["article"]["id"]
    if len(ident) != len(guid_of):
        print(f"{lang}: {len(ident)} articles stored of {len(guid_of)}", file=sys.stderr)
    halves = {"dev": collections.Counter(), "held-out": collections.Counter()}
    for pid, ta, tb, label in pairs:
        c = halves["dev" if is_dev(pid) else "held-out"]
        a, b = guid_of[ta], guid_of[tb]
        grouped = story.get(a) is not None and story.get(a) == story.get(b)
        c[label, "grouped"] += grouped
        c[label, "n"] += 1
        shown = None
        if related and a in ident and b in ident:
            listed = json.loads(keruen(binary, env, "related", str(ident[a]), "--json", "-n", "5"))
            # Each entry stands for its story (the reader lists a story
            # once, by its report closest to the article).
            shown = grouped or (story.get(b) is not None and story[b] in {story.get(guid[r["id"]]) for r in listed})
            c[label, "shown"] += shown
        if decisions:
            print(pid, label, int(grouped), "" if shown is None else int(shown), ta, tb, sep="\t", file=decisions)
    return halves


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pairs", nargs="*", default=DEFAULT_PAIRS)
    ap.add_argument("--binary", default="target/release/keruen")
    ap.add_argument("--langs", default="")
    ap.add_argument("--no-related", action="store_true")
    ap.add_argument("--noise-leads", type=int, default=0, metavar="N",
                    help="give each article a lead of N other headlines of the set")
    ap.add_argument("--decisions", metavar="FILE", help="write each pair's id, label, grouped and titles as TSV")
    args = ap.parse_args()
    by_lang = read_pairs(args.pairs)
    langs = [l for l in args.langs.split(",") if l] or sorted(by_lang)
    for lang in langs:
        if lang not in by_lang:
            sys.exit(f"no pairs of language {lang!r} in {', '.join(args.pairs)}")
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary}: no keruen binary there (cargo build --release, or --binary PATH)")
    print("| lang | half | precision | recall | loose grouped | related@5 | negatives shown@5 |")
    print("|---|---|---|---|---|---|---|")
    for lang in langs:
        with contextlib.ExitStack() as stack:
            root = stack.enter_context(tempfile.TemporaryDirectory(prefix=f"keruen-e2e-{lang}-"))
            decisions = (
                stack.enter_context(open(args.decisions, "a", encoding="utf-8")) if args.decisions else None
            )
            halves = measure(
                args.binary, lang, by_lang[lang], not args.no_related, root, decisions, args.noise_leads
            )
        for half, c in halves.items():
            tp, fp = c["1", "grouped"], c["0", "grouped"]
            ratio = lambda x, n: f"{x / n:.3f}" if n else "—"
            rel = lambda *ls: ratio(sum(c[l, "shown"] for l in ls), sum(c[l, "n"] for l in ls))
            print(
                f"| {lang} | {half} | {ratio(tp, tp + fp)} | {ratio(tp, c['1', 'n'])} "
                f"| {ratio(c['loose', 'grouped'], c['loose', 'n'])} "
                f"| {rel('1', 'loose') if not args.no_related else '—'} "
                f"| {rel('0') if not args.no_related else '—'} |"
            )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
