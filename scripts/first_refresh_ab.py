#!/usr/bin/env python3
"""Two keruen builds' first refresh of the 500-feed bench corpus (file://
URLs, into an empty data dir), alternating A, B, A, B… so both meet the
same load; medians of wall, CPU (user+sys), peak RSS and the cache's size.
On a shared machine CPU and size are the figures to compare.

    scripts/first_refresh_ab.py OLD_BINARY NEW_BINARY [ROUNDS] [--corpus DIR]

The corpus and the inputs are scripts/first_refresh_bench.py's (the corpus
made when missing).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from first_refresh_bench import corpus_files, write_inputs  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("rounds", type=int, nargs="?", default=5)
    p.add_argument("--corpus", default="/tmp/keruen-fresh/corpus-500-50-1")
    args = p.parse_args()
    files = corpus_files(args.corpus)
    work = tempfile.mkdtemp(prefix="keruen-ab-")
    try:
        urls, config = write_inputs(work, files)
        runs = {args.old: [], args.new: []}
        for _ in range(args.rounds):
            for binary in (args.old, args.new):
                data = os.path.join(work, "data")
                start = time.monotonic()
                child = subprocess.Popen(
                    [binary, "--urls", urls, "--config", config, "--data-dir", data,
                     "refresh", "--all"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                _, status, usage = os.wait4(child.pid, 0)
                wall = time.monotonic() - start
                if os.waitstatus_to_exitcode(status) != 0:
                    raise SystemExit(f"{binary}: refresh failed")
                size = sum(os.path.getsize(os.path.join(data, n)) for n in os.listdir(data))
                runs[binary].append((wall, usage.ru_utime + usage.ru_stime,
                                     usage.ru_maxrss / 1024, size / 1e6))
                shutil.rmtree(data)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for binary, rows in runs.items():
        med = [statistics.median(r[i] for r in rows) for i in range(4)]
        print(json.dumps({"binary": binary, "rounds": args.rounds,
                          "load": round(os.getloadavg()[0], 1),
                          "wall_s": round(med[0], 3), "cpu_s": round(med[1], 3),
                          "cpu_runs": [round(r[1], 2) for r in rows],
                          "peak_rss_mib": round(med[2], 1), "cache_mb": round(med[3], 1)}))


if __name__ == "__main__":
    main()
