#!/usr/bin/env python3
"""Join two harness JSONL files on scenario name and print newsboat/keruen ratios."""
import json
import sys


def load(path):
    rows = {}
    for line in open(path):
        if line.strip():
            r = json.loads(line)
            rows[r["name"]] = r
    return rows


def main():
    ours, theirs = load(sys.argv[1]), load(sys.argv[2])
    print("## ratios (newsboat / keruen; > 1 means keruen is ahead)")
    print("| scenario | keruen s | newsboat s | speed-up | keruen RSS MiB | newsboat RSS MiB | keruen MB | newsboat MB |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in ours.items():
        t = theirs.get(name)
        if not t:
            continue
        a, b = r["wall_s"]["median"], t["wall_s"]["median"]
        size = lambda x: f"{x['size_bytes'] / 1e6:.1f}" if x.get("size_bytes") else ""
        print(f"| {name} | {a:.3f} | {b:.3f} | {b / a:.1f}x | {r['maxrss_mib']['median']:.1f} "
              f"| {t['maxrss_mib']['median']:.1f} | {size(r)} | {size(t)} |")


if __name__ == "__main__":
    main()
