#!/bin/bash
# conv2jsonl --preferences pairs against conv2jsonl's own pairs (the chat
# pipeline's first step) on one ChatGPT-shaped export of MB megabytes in
# which REGEN of the replies have a sibling regenerated away
# (tests/bench/chatgpt-export.py): records a second and MB a second, wall
# and CPU seconds and peak RSS, median of ROUNDS, both in the same run.
#
# usage: tests/bench/bench-prefer.sh [BUILD_DIR] [MB] [REGEN] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
mb=${2:-100}
regen=${3:-0.3}
rounds=${4:-3}
conv=$build/conv2jsonl/conv2jsonl
[ -x "$conv" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
dir=$build/bench/prefer-$mb-$regen
json=$dir/conversations.json
if [ ! -f "$json" ]; then
	mkdir -p "$dir"
	python3 "$here/chatgpt-export.py" "$json" "$mb" "$regen" 2>/dev/null
fi
run() { { /usr/bin/time -f '%e %U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}'; }
median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
size=$(du -m "$json" | cut -f1)
for mode in "" "--preferences pairs"; do
	# shellcheck disable=SC2086
	n=$("$conv" $mode --min-length 0 "$json" | wc -l)
	for r in $(seq "$rounds"); do
		# shellcheck disable=SC2086
		run "$conv" $mode --min-length 0 "$json"
	done >"$dir/times"
	wall=$(cut -d' ' -f1 "$dir/times" | median)
	cpu=$(cut -d' ' -f2 "$dir/times" | median)
	rss=$(cut -d' ' -f3 "$dir/times" | median)
	awk -v m="${mode:-pairs (chat pipeline)}" -v n="$n" -v w="$wall" \
	    -v c="$cpu" -v r="$rss" -v s="$size" 'BEGIN {
		printf "%-28s %8d records  %6.2f s wall  %6.2f s CPU  %7.0f records/s  %5.1f MB/s  %6.1f MB RSS\n",
		    m, n, w, c, n / w, s / w, r / 1024 }'
done
