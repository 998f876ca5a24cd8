#!/usr/bin/env python3
"""sync-bench.py -- how long `keruen sync` takes for 10,000 articles on loopback.

Against a FreshRSS started by sync-servers-up.sh (or the lab script), it
writes a feed of N items (default 10,000) into the server's feed directory,
subscribes the account to it through the Google Reader API (FreshRSS fetches
it at once), then times the real binary on two fresh data dirs:

  1. first sync of machine A (every item and its state pulled);
  2. A marks all N read and pushes them;
  3. B (synced before step 2) pulls the new state of the N articles;
  4. A marks them unread again and pushes (so a second run starts alike).

usage: scripts/sync-bench.py KERUEN_BINARY FRESHRSS_DATADIR [N] [--api greader|fever]
env:   KERUEN_SYNC_GREADER_URL / KERUEN_SYNC_FRESHRSS_FEVER_URL, as exported by
       sync-servers-up.sh; the user is admin / apipassword.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

args = [a for a in sys.argv[1:] if not a.startswith("--")]
api = "fever" if "--api" in sys.argv and sys.argv[sys.argv.index("--api") + 1] == "fever" else "greader"
if api == "fever":
    args = [a for a in args if a != "fever"]
if len(args) < 2:
    sys.exit(__doc__)
binary, datadir = args[0], args[1]
n = int(args[2]) if len(args) > 2 else 10_000
greader = os.environ["KERUEN_SYNC_GREADER_URL"]
url = greader if api == "greader" else os.environ["KERUEN_SYNC_FRESHRSS_FEVER_URL"]
os.environ["no_proxy"] = "127.0.0.1,localhost"
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(path, fields, auth=None):
    req = urllib.request.Request(greader + path, data=urllib.parse.urlencode(fields).encode())
    if auth:
        req.add_header("Authorization", "GoogleLogin auth=" + auth)
    return opener.open(req, timeout=600).read().decode()


# The feed: N items, unique guids per N, on the server's own feed server.
feeds = os.path.join(datadir, "feeds")
name = f"bench{n}.xml"
base = open(os.path.join(datadir, ".feedport")).read().strip() if os.path.exists(os.path.join(datadir, ".feedport")) else None
if base is None:
    port = urllib.parse.urlsplit(greader).port + 2
else:
    port = int(base)
feed_url = f"http://127.0.0.1:{port}/{name}"
path = os.path.join(feeds, name)
if not os.path.exists(path):
    with open(path + ".tmp", "w") as f:
        f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
                f'<link>http://127.0.0.1:{port}/</link><description>bench</description>\n')
        for i in range(n):
            f.write(f"<item><title>Bench item {i}</title><guid>bench-{n}-{i}</guid>"
                    f"<link>http://127.0.0.1:{port}/bench/{i}.html</link>"
                    f"<description>Body of bench item {i}, a few words long.</description></item>\n")
        f.write("</channel></rss>\n")
    os.rename(path + ".tmp", path)

auth = [l[5:] for l in post("/accounts/ClientLogin", {"Email": "admin", "Passwd": "apipassword"}).splitlines()
        if l.startswith("Auth=")][0]
subs = json.loads(opener.open(urllib.request.Request(
    greader + "/reader/api/0/subscription/list?output=json",
    headers={"Authorization": "GoogleLogin auth=" + auth})).read())
if not any(s.get("url") == feed_url for s in subs["subscriptions"]):
    t = time.time()
    post("/reader/api/0/subscription/quickadd", {"quickadd": feed_url}, auth)
    print(f"server: subscribed and fetched {n} items in {time.time() - t:.1f} s", file=sys.stderr)

work = tempfile.mkdtemp(prefix="keruen-sync-bench-")
config = os.path.join(work, "config.toml")
with open(config, "w") as f:
    f.write(f'[sync]\nkind = "{api}"\nurl = "{url}"\nuser = "admin"\npassword_env = "BENCH_PW"\n'
            '[fetch]\ntotal_timeout = "10m"\nread_timeout = "5m"\nmax_body = "256 MiB"\n')
env = dict(os.environ, BENCH_PW="apipassword")


def keruen(machine, *a):
    t = time.time()
    out = subprocess.run([binary, "-c", config, "--data-dir", os.path.join(work, machine), *a],
                         env=env, capture_output=True, text=True)
    took = time.time() - t
    if out.returncode != 0:
        sys.exit(f"keruen {' '.join(a)} failed: {out.stderr}")
    return took, out.stdout


def bench_ids(machine):
    _, out = keruen(machine, "list", "--json", "-n", "1000000")
    return [a["id"] for a in json.loads(out) if a["feed_name"] == "Bench"]


t1, r1 = keruen("a", "sync", "--json")
keruen("b", "sync", "--json")
ids = bench_ids("a")
assert len(ids) >= n, f"only {len(ids)} bench articles on A"
flags = [x for i in ids for x in ("--read", str(i))]
t2, r2 = keruen("a", "sync", "--json", *flags)
t3, r3 = keruen("b", "sync", "--json")
flags = [x for i in ids for x in ("--unread", str(i))]
t4, r4 = keruen("a", "sync", "--json", *flags)
print(f"api={api} articles={len(ids)}")
print(f"1. first sync (all items + state): {t1:.2f} s  {r1.strip()}")
print(f"2. mark {len(ids)} read + push:     {t2:.2f} s  {r2.strip()}")
print(f"3. other machine pulls that state:   {t3:.2f} s  {r3.strip()}")
print(f"4. mark unread again + push:         {t4:.2f} s  {r4.strip()}")
