#!/bin/bash
# Peak RSS of jsonl-filter --dedup exact at KEYS unique keys (short
# distinct prompts), next to the same run without dedup, and the bound
# asked of it: 24 bytes a unique key plus 32 MiB.  Median of ROUNDS rounds.
#
# usage: tests/bench/bench-dedup-memory.sh [BUILD_DIR] [KEYS] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
keys=${2:-1000000}
rounds=${3:-3}
filter=$build/jsonl-filter/jsonl-filter
[ -x "$filter" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i++)
	printf "{\"prompt\":\"question number %d about vectors\",\"completion\":\"x\"}\n", i }' \
	> "$work/in.jsonl"
rss() { { /usr/bin/time -f '%M' "$@" > /dev/null; } 2>&1 | tail -n 1; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
run() { # name command...
	local name=$1 r; shift
	local -a m=()
	for ((r = 0; r < rounds; r++)); do m+=("$(rss "$@")"); done
	printf '%s\n' "${m[@]}" | median | awk -v name="$name" '{printf "%-36s %10d\n", name, $1}'
}
printf '%-36s %10s\n' "command ($keys unique keys)" "RSS KB"
run "jsonl-filter --min-length 0" "$filter" --min-length 0 "$work/in.jsonl"
run "jsonl-filter --dedup exact" "$filter" --dedup exact "$work/in.jsonl"
awk -v n="$keys" 'BEGIN {printf "%-36s %10d\n", "bound: 24 B a key + 32 MiB", (24 * n + 32 * 1048576) / 1024}'
