#!/bin/bash
# `jsonl-filter --min-length 50` on the same records in eight shapes (see
# shapes.py): neutral, chat, Alpaca and ShareGPT, each compact and as
# json.dumps writes it; next to the bare jansson loop, a Python json loop
# and jq, which read the completion (output) or the last message.
# CPU time (user+sys), median of ROUNDS alternating rounds, one run.
#
# usage: tests/bench/bench-shapes.sh [BUILD_DIR] [RECORDS] [ROUNDS]
# Build first: cmake --workflow --preset main
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
records=${2:-100000}
rounds=${3:-3}
filter=$build/jsonl-filter/jsonl-filter
loop=$build/tests/bench-jansson-loop
for p in "$filter" "$loop"; do
	[ -x "$p" ] || { echo "bench: $p missing; build the main preset" >&2; exit 1; }
done
command -v jq >/dev/null || { echo "bench: apt-get install -y jq" >&2; exit 1; }
work=$build/bench
mkdir -p "$work"
shapes=(neutral-compact neutral-dumps chat-compact chat-dumps
	alpaca-compact alpaca-dumps sharegpt-compact sharegpt-dumps)
base=$work/corpus-$records.jsonl
[ -s "$base" ] || python3 "$here/corpus.py" "$records" > "$base"
for s in "${shapes[@]}"; do
	[ -s "$work/shape-$s-$records.jsonl" ] ||
		python3 "$here/shapes.py" "$s" < "$base" > "$work/shape-$s-$records.jsonl"
done
declare -A cmd=(
	[jsonl-filter]="$filter --min-length 50"
	[jansson]="$loop"
	[python]="python3 $here/filter.py 50"
	[jq]="jq -c 'select(((.completion // .output // .messages[-1].content // .conversations[-1].value)|length)>=50)'"
)
names=(jsonl-filter jansson python jq)
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
TIMEFORMAT='%3U %3S'
printf '%-17s %12s %8s %8s %8s   (ratios: peer time / jsonl-filter time)\n' \
	shape jsonl-filter jansson python jq
for s in "${shapes[@]}"; do
	corpus=$work/shape-$s-$records.jsonl
	declare -A times=()
	for ((r = 0; r < rounds; r++)); do
		for name in "${names[@]}"; do
			t=$( { time eval "${cmd[$name]}" < "$corpus" > /dev/null; } 2>&1 )
			times[$name]+="$(awk '{print $1 + $2}' <<<"$t") "
		done
	done
	f=$(median <<<"${times[jsonl-filter]}")
	printf '%-17s %10.3f s' "$s" "$f"
	for name in jansson python jq; do
		m=$(median <<<"${times[$name]}")
		awk -v m="$m" -v f="$f" 'BEGIN {printf " %7.1fx", m / f}'
	done
	echo
	unset times
done
echo "($records records a shape, median of $rounds rounds)"
