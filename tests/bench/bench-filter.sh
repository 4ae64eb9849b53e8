#!/bin/bash
# Throughput of `jsonl-filter --min-length 50` next to its ceiling (a bare
# jansson parse loop), jq and a Python json loop, on the same corpus in the
# same run.  CPU time (user+sys), median of ROUNDS alternating rounds.
#
# usage: tests/bench/bench-filter.sh [BUILD_DIR] [RECORDS] [ROUNDS]
# Build first: cmake --workflow --preset main
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
records=${2:-200000}
rounds=${3:-5}
filter=$build/jsonl-filter/jsonl-filter
loop=$build/tests/bench-jansson-loop
for p in "$filter" "$loop"; do
	[ -x "$p" ] || { echo "bench: $p missing; build the main preset" >&2; exit 1; }
done
command -v jq >/dev/null || { echo "bench: apt-get install -y jq" >&2; exit 1; }
work=$build/bench
mkdir -p "$work"
corpus=$work/corpus-$records.jsonl
[ -s "$corpus" ] || python3 "$here/corpus.py" "$records" > "$corpus"
echo "corpus: $corpus ($(wc -l < "$corpus") records, $(( $(stat -c %s "$corpus") / 1000000 )) MB)"

declare -A cmd=(
	[jsonl-filter]="$filter --min-length 50"
	[jansson-loop]="$loop"
	[jq]="jq -c 'select((.completion|length)>=50)'"
	[python]="python3 $here/filter.py 50"
)
names=(jsonl-filter jansson-loop jq python)
declare -A times
TIMEFORMAT='%3U %3S'
for ((r = 0; r < rounds; r++)); do
	for name in "${names[@]}"; do
		t=$( { time eval "${cmd[$name]}" < "$corpus" > /dev/null; } 2>&1 )
		times[$name]+="$(awk '{print $1 + $2}' <<<"$t") "
	done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mb=$(awk -v s="$(stat -c %s "$corpus")" 'BEGIN {print s / 1e6}')
f=$(median <<<"${times[jsonl-filter]}")
printf '%-14s %9s %9s %14s\n' command "cpu s" "MB/s" "jsonl-filter÷"
for name in "${names[@]}"; do
	m=$(median <<<"${times[$name]}")
	awk -v n="$name" -v m="$m" -v mb="$mb" -v f="$f" \
		'BEGIN {printf "%-14s %9.3f %9.1f %13.2fx\n", n, m, mb / m, m / f}'
done
echo "(median of $rounds rounds; the last column is each command's time over jsonl-filter's: >1 means jsonl-filter is faster)"
