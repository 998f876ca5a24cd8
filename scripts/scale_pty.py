#!/usr/bin/env python3
"""The PTY figures of scripts/scale_bench.sh on a cache made by gen_cache.

  python3 scripts/scale_pty.py DIR [--binary target/release/keruen] [--runs 7]

DIR holds config.toml and data/ (examples/gen_cache). Prints two JSON lines:

* "first_screen": time from spawn to the first complete screen (the
  newest titles drawn), measured as scripts/startup_bench.py measures it
  (80x24 PTY, terminal queries answered, one unmeasured warm-up start);
* "browse_rss": peak RSS (VmHWM from /proc/PID/status) of one session that
  browses: pages down the all-articles list, opens articles, goes through
  feeds, opens Top stories and related stories, runs a search, and then
  quits. Each step waits for the screen to settle (no output for 300 ms,
  at most 20 s), so the figure includes what every view loaded.
Standard library only.
"""

import argparse
import fcntl
import json
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup_bench import ESCAPES, spawn_once  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def needles(base, config):
    names = []
    with open(config) as f:
        for line in f:
            if line.startswith("name = "):
                names.append(line.split('"')[1])
    listed = subprocess.run(base + ["list", "--json", "-n", "200"], check=True,
                            capture_output=True, text=True).stdout
    titles = [a.get("title") or "" for a in json.loads(listed)]
    return ([n.encode() for n in names[:50]],
            [t[:12].encode() for t in titles if len(t) >= 12])


def hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def browse(base, rows=24, cols=80, search=True, trace=False):
    """One browsing session; returns (peak RSS KiB, steps, seconds).
    With `trace`, prints each step's RSS and peak so far to stderr."""
    pid, fd = os.forkpty()
    if pid == 0:
        try:
            env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
            os.execvpe(base[0], base, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.monotonic()

    def settle(quiet=0.3, limit=20.0):
        """Read until no output for `quiet` s; answer terminal queries."""
        start = time.monotonic()
        last = time.monotonic()
        while time.monotonic() - start < limit:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    raise RuntimeError("keruen exited while browsing")
                if b"\x1b[6n" in chunk:
                    os.write(fd, f"\x1b[{rows};1R".encode())
                if b"\x1b[c" in chunk or b"\x1b[0c" in chunk:
                    os.write(fd, b"\x1b[?62;22c")
                last = time.monotonic()
            elif time.monotonic() - last >= quiet:
                return

    steps = []
    # key sequences; each followed by settling (keys as in config/keys.toml)
    # The reader starts in the feeds pane, on "All articles": Tab moves to
    # the article list.
    plan = [("start", b""), ("articles pane", b"\t")]
    plan += [("pgdn", b"\x1b[6~")] * 10          # 10 pages of the all-articles list
    plan += [("open+related", b"\r"), ("next_related", b"]"), ("back", b"\x1b")] * 2
    plan += [("down", b"j")] * 10
    plan += [("feeds pane", b"\t")]
    plan += [("next feed+list", b"j\t\x1b[6~\x1b[6~\t")] * 5
    plan += [("top", b"t"), ("top pgdn", b"\x1b[6~"), ("back", b"\x1b")]
    if search:
        plan += [("search", b"S"), ("query", "қазақстан президент\r".encode()), ("back", b"\x1b")]
    try:
        for name, keys in plan:
            if keys:
                os.write(fd, keys)
            settle()
            steps.append(name)
            if trace:
                # The heap (anonymous) and the files mapped (the binary,
                # SQLite's shared WAL index) apart.
                print(f"{len(steps):3} {name:<16} rss {rss_kib(pid) / 1024:6.1f} MiB"
                      f" (anon {rss_kib(pid, 'RssAnon') / 1024:5.1f},"
                      f" file {rss_kib(pid, 'RssFile') / 1024:5.1f},"
                      f" shmem {rss_kib(pid, 'RssShmem') / 1024:4.1f})"
                      f"  peak {hwm_kib(pid) / 1024:6.1f} MiB", file=sys.stderr, flush=True)
        peak = hwm_kib(pid)
        os.write(fd, b"Q")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                pid = None
                break
            select.select([fd], [], [], 0.05)
            try:
                os.read(fd, 65536)
            except OSError:
                pass
        return peak, len(steps), time.monotonic() - t0
    finally:
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir")
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "keruen"))
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--only", default="screen,rss")
    p.add_argument("--no-search", action="store_true",
                   help="browse without searching (an index still to be built would dominate)")
    p.add_argument("--trace", action="store_true",
                   help="print each browsing step's RSS and peak so far (stderr)")
    args = p.parse_args()
    config = os.path.join(args.dir, "config.toml")
    base = [os.path.abspath(args.binary), "--config", config,
            "--data-dir", os.path.join(args.dir, "data")]
    only = args.only.split(",")
    if "screen" in only:
        n = needles(base, config)
        spawn_once(base, n, 80, 24, 60)  # warm-up, unmeasured
        runs = [spawn_once(base, n, 80, 24, 60) for _ in range(args.runs)]
        titles = sorted(r[1] * 1000 for r in runs)
        feeds = sorted(r[0] * 1000 for r in runs)
        print(json.dumps({
            "figure": "first_screen", "load": os.getloadavg()[0], "runs": args.runs,
            "median_ms": round(statistics.median(titles), 1),
            "min_ms": round(titles[0], 1), "max_ms": round(titles[-1], 1),
            "feeds_drawn_median_ms": round(statistics.median(feeds), 1),
            "target": "< 100"}), flush=True)
    if "rss" in only:
        peaks = []
        for _ in range(max(1, min(args.runs, 3))):
            peak, steps, secs = browse(base, search=not args.no_search, trace=args.trace)
            peaks.append(peak)
        print(json.dumps({
            "figure": "browse_rss", "load": os.getloadavg()[0], "runs": len(peaks),
            "median_mib": round(statistics.median(peaks) / 1024, 1),
            "max_mib": round(max(peaks) / 1024, 1), "steps": steps,
            "session_s": round(secs, 1), "target": "< 60"}), flush=True)


if __name__ == "__main__":
    main()
