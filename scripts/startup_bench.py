#!/usr/bin/env python3
"""Start-up to first drawn screen WITH CONTENT, measured in a PTY.

For each corpus size (FEEDSxITEMS, default 500x50 = 25,000 articles):
  1. generate the corpus with ../shared/bench/gen_corpus.py (once, kept),
  2. write a config with one file:// feed per corpus file (no auto refresh,
     no per-feed cap) and fill the cache with `keruen refresh` (once, kept),
  3. RUNS times: spawn `keruen --config C --data-dir D` in an 80x24 PTY
     (TERM=xterm-256color), read its output until a feed name from the
     config or the start of a stored article title appears on screen, take
     the time since spawn, send `Q` (force quit) and wait for the exit.
Prints min / median / max per size for two milestones: "feeds" (the feed
list with unread counts is on screen) and "titles" (the article list with
the newest titles is on screen: the screen is complete). Standard library only.

  python3 scripts/startup_bench.py                      # 25k articles
  python3 scripts/startup_bench.py --size 500x50 --size 1000x250
  python3 scripts/startup_bench.py --binary target/release/keruen --runs 5

A screen "with content" matters: the first frame is drawn before the
store answers (it only says "All articles"), so the needles are names and
titles that only the loaded cache can put on screen.
"""

import argparse
import fcntl
import json
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# CSI / OSC / two-byte escapes: stripped crudely so that text drawn in one
# run of cells (a title, a feed name) becomes a plain substring.
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def prepare(args, feeds, items):
    """Corpus, config and a filled cache for one size; kept between runs."""
    work = os.path.join(args.work, f"{feeds}x{items}")
    corpus = os.path.join(work, "corpus")
    config = os.path.join(work, "config.toml")
    data = os.path.join(work, "data")
    if not os.path.exists(os.path.join(corpus, "manifest.json")):
        t = time.monotonic()
        sh([sys.executable, args.gen, corpus, "--feeds", str(feeds), "--items", str(items)])
        print(f"  generated corpus in {time.monotonic() - t:.1f} s", file=sys.stderr)
    with open(os.path.join(corpus, "manifest.json")) as f:
        manifest = json.load(f)
    names = []
    with open(config, "w") as f:
        f.write('[fetch]\nrefresh_interval = "off"\n\n[cache]\nmax_per_feed = "off"\n')
        for entry in manifest["files"]:
            name = os.path.splitext(entry["path"])[0]
            names.append(name)
            path = os.path.join(os.path.abspath(corpus), entry["path"])
            f.write(f'\n[[feeds]]\nname = "{name}"\nurl = "file://{path}"\n')
    base = [args.binary, "--config", config, "--data-dir", data]
    if not os.path.isdir(data):
        t = time.monotonic()
        sh(base + ["refresh", "--all"], stdout=subprocess.DEVNULL)
        print(f"  refresh (cache fill) took {time.monotonic() - t:.1f} s", file=sys.stderr)
    count = sh(base + ["list", "--count"], capture_output=True, text=True).stdout.strip()
    listed = sh(base + ["list", "--json", "-n", "200"], capture_output=True, text=True).stdout
    titles = [a.get("title") or "" for a in json.loads(listed)]
    size = sum(
        os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(data) for fn in fns
    )
    # Two milestones: a feed name (the feed list with its unread counts is
    # drawn) and the start of one of the newest titles (the article list is
    # drawn; titles are cut to 12 characters, before any truncation).
    needles = (
        [n.encode() for n in names[:50]],
        [t[:12].encode() for t in titles if len(t) >= 12],
    )
    return base, needles, count, size


def spawn_once(base, needles, cols, rows, timeout):
    """One start in a PTY; returns (seconds to feeds, seconds to titles)."""
    pid, fd = os.forkpty()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
            os.execvpe(base[0], base, env)
        finally:
            os._exit(127)
    t0 = time.monotonic()
    # Also set the size from the parent side, in case the child's ioctl
    # raced the exec (harmless if it did not).
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    buf = b""
    feeds_at = titles_at = None
    try:
        while titles_at is None:
            left = timeout - (time.monotonic() - t0)
            if left <= 0:
                raise TimeoutError(f"no content on screen after {timeout} s")
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child exited
                raise RuntimeError("keruen exited before drawing content: "
                                   + ESCAPES.sub(b"", buf)[-400:].decode(errors="replace"))
            if not chunk:
                raise RuntimeError("keruen closed the terminal before drawing content")
            now = time.monotonic()
            buf += chunk
            # Answer the queries a terminal would, so nothing waits on us:
            # cursor position and device attributes. (Unanswered, the
            # cursor-position query at start costs crossterm's 2 s timeout.)
            if b"\x1b[6n" in chunk:
                os.write(fd, f"\x1b[{rows};1R".encode())
            if b"\x1b[c" in chunk or b"\x1b[0c" in chunk:
                os.write(fd, b"\x1b[?62;22c")
            plain = ESCAPES.sub(b"", buf)
            if feeds_at is None and any(n in plain for n in needles[0]):
                feeds_at = now - t0
            if any(n in plain for n in needles[1]):
                titles_at = now - t0
                feeds_at = feeds_at or titles_at
        os.write(fd, b"Q")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            # Drain so the child never blocks writing its last frame.
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    os.read(fd, 65536)
                except OSError:
                    pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            print("  warning: keruen did not quit on Q; killed", file=sys.stderr)
        pid = None
        return feeds_at, titles_at
    finally:
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "keruen"))
    p.add_argument("--size", action="append", help="FEEDSxITEMS (repeatable; default 500x50)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cols", type=int, default=80)
    p.add_argument("--rows", type=int, default=24)
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--work", default="/tmp/keruen-startup-bench", help="corpora and caches (kept)")
    p.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    args = p.parse_args()
    args.binary = os.path.abspath(args.binary)
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"no keruen binary at {args.binary} (cargo build --release, or --binary PATH)")
    if not os.path.exists(args.gen):
        sys.exit(f"gen_corpus.py not found at {args.gen} (--gen PATH)")
    os.makedirs(args.work, exist_ok=True)
    print(f"binary {args.binary}; {args.cols}x{args.rows} PTY; {args.runs} runs; "
          f"load {os.getloadavg()[0]:.2f}")
    print(f"{'size':>10} {'articles':>9} {'cache MB':>9} {'drawn':>7} {'min ms':>8} "
          f"{'median ms':>10} {'max ms':>8}")
    for size in args.size or ["500x50"]:
        feeds, items = (int(x) for x in size.lower().split("x"))
        print(f"preparing {size}...", file=sys.stderr)
        base, needles, count, nbytes = prepare(args, feeds, items)
        # One unmeasured start warms the page cache, as a user's second start would.
        spawn_once(base, needles, args.cols, args.rows, args.timeout)
        runs = [spawn_once(base, needles, args.cols, args.rows, args.timeout)
                for _ in range(args.runs)]
        for label, k in (("feeds", 0), ("titles", 1)):
            times = [r[k] * 1000 for r in runs]
            print(f"{size:>10} {count:>9} {nbytes / 1e6:>9.1f} {label:>7} {min(times):>8.1f} "
                  f"{statistics.median(times):>10.1f} {max(times):>8.1f}", flush=True)
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
