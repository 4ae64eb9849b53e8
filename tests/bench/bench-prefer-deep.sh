#!/bin/bash
# conv2jsonl --preferences pairs on one long branchy conversation
# (tests/bench/deep-conv.py: MESSAGES messages on the shown path, REGEN of
# the replies regenerated, an edited question every 50 messages with an
# abandoned branch of its own), in each SHAPE's export, against the same
# file's ordinary pairs with the whole path as context (the chat
# pipeline's first step, as long a record).  With OTHER, a second build
# (an older commit's, say) runs beside it in the same rounds.  CPU seconds
# (user+sys), median of ROUNDS; records and MB written.
#
# usage: tests/bench/bench-prefer-deep.sh [BUILD_DIR] [MESSAGES] [ROUNDS] [OTHER]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
messages=${2:-4000}
rounds=${3:-3}
other=${4:-}
[ -x "$build/conv2jsonl/conv2jsonl" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
dir=$build/bench/prefer-deep-$messages
mkdir -p "$dir"
cpu() { { /usr/bin/time -f '%U %S' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.2f\n", $1 + $2}'; }
median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
for shape in chatgpt claude librechat; do
	json=$dir/$shape.json
	[ -s "$json" ] || python3 "$here/deep-conv.py" "$json" "$messages" 0.3 "$shape"
	for b in "$build" ${other:+"$other"}; do
		conv=$b/conv2jsonl/conv2jsonl
		for mode in "--context 1000000" "--preferences pairs"; do
			# shellcheck disable=SC2086
			out=$("$conv" $mode --min-length 0 "$json" | wc -lc)
			for r in $(seq "$rounds"); do
				# shellcheck disable=SC2086
				cpu "$conv" $mode --min-length 0 "$json"
			done > "$dir/times"
			awk -v s="$shape" -v b="$b" -v m="$mode" -v c="$(median < "$dir/times")" \
			    -v o="$out" 'BEGIN { split(o, n, " ");
				printf "%-10s %-22s %6d records %7.1f MB %6.2f s CPU  %s\n",
				    s, m, n[1], n[2] / 1048576, c, b }'
		done
	done
done
