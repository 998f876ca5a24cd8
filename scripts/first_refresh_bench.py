#!/usr/bin/env python3
"""The first refresh of a 500-feed corpus, read as file:// URLs: wall, CPU
(user+sys) and peak RSS of `keruen refresh --all` into an empty data dir,
medians over --runs, as one JSON line; with the CPU of the parse floor
(xmllint --noout over the same XML, libxml2's full parse, as the shared
bench's physical_limit.sh measures it) and our CPU as a ratio to it.

No server and no network: the corpus is the shared bench's (gen_corpus.py,
500 feeds x 50 items, rss=0.55,atom=0.45, seed 1), made when missing. CPU
time is the figure to compare across runs on a shared machine; wall moves
with other tenants' load.

    scripts/first_refresh_bench.py [--corpus DIR] [--runs 5]
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.environ.get("BENCH_DIR", os.path.join(ROOT, "..", "shared", "bench"))


def timed(cmd, **kw):
    """Wall, CPU (user+sys) and peak RSS (KiB) of one child process."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, **kw)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, p.returncode


def corpus_files(corpus):
    """The corpus's files (made when missing), read once to warm the page cache."""
    manifest = os.path.join(corpus, "manifest.json")
    if not os.path.exists(manifest):
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), corpus,
                        "--feeds", "500", "--items", "50", "--seed", "1",
                        "--mix", "rss=0.55,atom=0.45"], check=True)
    with open(manifest) as f:
        files = [os.path.join(corpus, e["path"]) for e in json.load(f)["files"]]
    for name in files:
        with open(name, "rb") as h:
            h.read()
    return files


def write_inputs(work, files):
    """The urls file (file:// URLs) and the config a run reads, in `work`."""
    urls = os.path.join(work, "urls")
    with open(urls, "w") as f:
        f.writelines(f"file://{os.path.abspath(x)}\n" for x in files)
    config = os.path.join(work, "config.toml")
    with open(config, "w") as f:
        f.write("[fetch]\nconcurrency = 8\nper_host = 8\n")
    return urls, config


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", default="/tmp/keruen-fresh/corpus-500-50-1")
    p.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "keruen"))
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    files = corpus_files(args.corpus)
    xml = [f for f in files if not f.endswith(".json")]
    work = tempfile.mkdtemp(prefix="keruen-fresh-")
    try:
        urls, config = write_inputs(work, files)
        runs = []
        for i in range(args.runs):
            data = os.path.join(work, f"data{i}")
            wall, cpu, rss, rc = timed(
                [args.binary, "--urls", urls, "--config", config, "--data-dir", data,
                 "refresh", "--all"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if rc != 0:
                sys.exit(f"keruen refresh failed (exit {rc})")
            runs.append((wall, cpu, rss))
            shutil.rmtree(data, ignore_errors=True)
        floor = None
        if shutil.which("xmllint"):
            floor = statistics.median(
                timed(["xmllint", "--noout", *xml])[1] for _ in range(3))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cpu = statistics.median(r[1] for r in runs)
    print(json.dumps({
        "figure": "first_refresh_500", "load": os.getloadavg()[0], "runs": args.runs,
        "wall_s": round(statistics.median(r[0] for r in runs), 3),
        "cpu_s": round(cpu, 3),
        "peak_rss_mib": round(statistics.median(r[2] for r in runs) / 1024, 1),
        "parse_floor_cpu_s": None if floor is None else round(floor, 3),
        "cpu_to_parse_floor": None if not floor else round(cpu / floor, 2),
        "target": "wall <= newsboat / 15 (~1.2 s); peak RSS < 40 MiB"}), flush=True)


if __name__ == "__main__":
    main()
