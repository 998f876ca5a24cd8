#!/usr/bin/env bash
# sync-servers-down.sh -- stop the servers sync-servers-up.sh started (by the
# PIDs their lab scripts recorded; nothing else is signalled). Data are kept.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
LAB=${KERUEN_SYNC_LAB:-$here/../../shared/sync}
DATA=${KERUEN_SYNC_DATA:-/tmp/keruen-sync-lab}
status=0
for server in coldsweat freshrss ttrss; do
	if [ -d "$DATA/$server" ]; then
		"$LAB/$server-down.sh" "$DATA/$server" || status=1
	fi
done
exit $status
