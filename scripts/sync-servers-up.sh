#!/usr/bin/env bash
# sync-servers-up.sh -- start the real sync servers the sync tests run
# against, on 127.0.0.1 only, and print `export KEY=value` lines to eval:
#
#   eval "$(scripts/sync-servers-up.sh)"      # then: cargo test --test e2e sync_servers::
#   scripts/sync-servers-down.sh              # stop them (the data are kept)
#
# Servers (the lab scripts of ../shared/sync do the installing and starting):
#   Tiny Tiny RSS  (tt-rss JSON API; apt, PostgreSQL, PHP; needs root)  TTRSS_PORT     8280
#   FreshRSS       (Google Reader API + Fever API; PHP, SQLite)         FRESHRSS_PORT  8380
#   coldsweat      (Fever API; pip, Flask, SQLite)                      COLDSWEAT_PORT 8480
# Each also serves its sample feeds on PORT+2 (tt-rss also uses PORT+1).
# env: KERUEN_SYNC_LAB  the lab scripts' directory (default: ../shared/sync beside the clone)
#      KERUEN_SYNC_DATA the servers' data (default /tmp/keruen-sync-lab)
#      KERUEN_SYNC_SERVERS which ones (default "ttrss freshrss coldsweat")
# Safe to run again: running servers are left running.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
LAB=${KERUEN_SYNC_LAB:-$here/../../shared/sync}
[ -x "$LAB/freshrss-up.sh" ] || { echo "sync-servers-up: no lab scripts in $LAB (set KERUEN_SYNC_LAB)" >&2; exit 1; }
LAB=$(cd "$LAB" && pwd)
DATA=${KERUEN_SYNC_DATA:-/tmp/keruen-sync-lab}
SERVERS=${KERUEN_SYNC_SERVERS:-ttrss freshrss coldsweat}
TTRSS_PORT=${TTRSS_PORT:-8280}
FRESHRSS_PORT=${FRESHRSS_PORT:-8380}
COLDSWEAT_PORT=${COLDSWEAT_PORT:-8480}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd -P)
export no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"

want() { case " $SERVERS " in *" $1 "*) return 0;; esac; return 1; }
# value KEY FILE: the value of KEY=... in an up script's output (quotes removed)
value() { sed -n "s/^$1=//p" "$2" | sed -e 's/[[:space:]]*#.*$//' -e 's/^"//' -e 's/"$//' | head -n1; }

# coldsweat needs no apt: it installs while the PHP servers (which share
# apt's lock) start one after the other.
if want coldsweat; then
	"$LAB/coldsweat-up.sh" "$COLDSWEAT_PORT" "$DATA/coldsweat" > "$DATA/coldsweat.env" 2> "$DATA/coldsweat.log" &
	cs_job=$!
fi
if want freshrss; then
	"$LAB/freshrss-up.sh" "$FRESHRSS_PORT" "$DATA/freshrss" > "$DATA/freshrss.env" 2> "$DATA/freshrss.log" ||
		{ cat "$DATA/freshrss.log" >&2; exit 1; }
fi
if want ttrss; then
	"$LAB/ttrss-up.sh" "$TTRSS_PORT" "$DATA/ttrss" > "$DATA/ttrss.env" 2> "$DATA/ttrss.log" ||
		{ cat "$DATA/ttrss.log" >&2; exit 1; }
	# tt-rss starts with no subscriptions: subscribe to the sample feeds and
	# fetch them (subscribing again is a no-op, code 0).
	api=$(value TTRSS_API "$DATA/ttrss.env")
	sid=$(curl -fsS --noproxy '*' -m 10 -d '{"op":"login","user":"admin","password":"password"}' "$api" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["content"]["session_id"])')
	for feed in $(value SAMPLE_FEEDS "$DATA/ttrss.env"); do
		curl -fsS --noproxy '*' -m 10 -d "{\"sid\":\"$sid\",\"op\":\"subscribeToFeed\",\"feed_url\":\"$feed\"}" "$api" > /dev/null
	done
	ids=$(curl -fsS --noproxy '*' -m 10 -d "{\"sid\":\"$sid\",\"op\":\"getFeeds\",\"cat_id\":-3}" "$api" |
		python3 -c 'import json,sys; print(" ".join(str(f["id"]) for f in json.load(sys.stdin)["content"]))')
	for id in $ids; do
		curl -fsS --noproxy '*' -m 30 -d "{\"sid\":\"$sid\",\"op\":\"updateFeed\",\"feed_id\":$id}" "$api" > /dev/null
	done
fi
if want coldsweat; then
	wait "$cs_job" || { cat "$DATA/coldsweat.log" >&2; exit 1; }
fi

echo "export KERUEN_SYNC_TESTS=1"
echo "export KERUEN_SYNC_DATA=$DATA"
if want ttrss; then
	echo "export KERUEN_SYNC_TTRSS_URL=$(value TTRSS_API "$DATA/ttrss.env")"
	echo "export KERUEN_SYNC_TTRSS_USER=admin KERUEN_SYNC_TTRSS_PASSWORD=password"
	echo "export KERUEN_SYNC_TTRSS_FEEDS=$DATA/ttrss/feeds KERUEN_SYNC_TTRSS_FEED_BASE=$(value FEED_BASE "$DATA/ttrss.env")"
fi
if want freshrss; then
	echo "export KERUEN_SYNC_GREADER_URL=$(value GREADER_API "$DATA/freshrss.env")"
	echo "export KERUEN_SYNC_FRESHRSS_FEVER_URL='$(value FEVER_API "$DATA/freshrss.env")'"
	echo "export KERUEN_SYNC_FRESHRSS_USER=admin KERUEN_SYNC_FRESHRSS_PASSWORD=apipassword"
	echo "export KERUEN_SYNC_FRESHRSS_FEEDS=$DATA/freshrss/feeds KERUEN_SYNC_FRESHRSS_FEED_BASE=$(value FEED_BASE "$DATA/freshrss.env")"
fi
if want coldsweat; then
	echo "export KERUEN_SYNC_COLDSWEAT_URL='$(value FEVER_API "$DATA/coldsweat.env")'"
	echo "export KERUEN_SYNC_COLDSWEAT_USER=reader@example.com KERUEN_SYNC_COLDSWEAT_PASSWORD=coldsweat-lab"
fi
