#!/bin/bash
# The gentle reader: cache2jsonl exports a store of ENTRIES cached entries
# while an app's writer (live-writer.py, Chroma's two transactions a write)
# commits every 10 ms, in rollback-journal mode and in WAL mode.  Prints
# the writer's commits, failures and longest wait, and cache2jsonl's time,
# peak RSS and read-lock figures.
#
# usage: tests/bench/bench-live.sh [BUILD_DIR] [ENTRIES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
entries=${2:-200000}
cache=$build/cache2jsonl/cache2jsonl
[ -x "$cache" ] || { echo "bench: build the main preset first" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
bash "$here/make-cache-store.sh" "$entries" "$work/made"
printf '%-8s %8s %8s %10s %8s %10s %s\n' mode commits failed "wait ms" "cpu s" "RSS KB" "cache2jsonl --stats"
for mode in delete wal; do
	rm -rf "$work/store" "$work/stop"*
	cp -r "$work/made" "$work/store"
	python3 "$here/live-writer.py" "$work/store" "$work/stop" "$mode" > "$work/writer" &
	while [ ! -e "$work/stop.ready" ]; do sleep 0.05; done
	sleep 0.5
	/usr/bin/time -f '%U %S %M' -o "$work/time" "$cache" --persist-dir "$work/store" \
		--stats > "$work/out" 2> "$work/err" || true
	sleep 0.5
	touch "$work/stop"
	wait
	read -r commits failed wait < "$work/writer"
	read -r u s m < <(tail -n 1 "$work/time")
	printf '%-8s %8d %8d %10.1f %8.2f %10d %s\n' "$mode" "$commits" "$failed" "$wait" \
		"$(echo "$u + $s" | bc)" "$m" "$(grep -o 'read lock.*' "$work/err")"
done
