#!/bin/bash
# synthgen --count N --add-noise next to the Python peer (tests/bench/synth.py,
# the seed generator's loop): records/s from CPU time (user+sys), median of
# ROUNDS alternating rounds, and peak RSS at two counts to show it does not
# grow with --count.
#
# usage: tests/bench/bench-synthgen.sh [BUILD_DIR] [COUNT] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
count=${2:-1000000}
rounds=${3:-5}
synthgen=$build/synthgen/synthgen
[ -x "$synthgen" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }

cpu() { # command... -> "cpu_seconds peak_kb"
	local out
	out=$( { /usr/bin/time -f '%U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1)
	awk '{printf "%.3f %d\n", $1 + $2, $3}' <<<"$out"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

declare -a ts tp
for ((r = 0; r < rounds; r++)); do
	ts+=("$(cpu "$synthgen" --count "$count" --add-noise | cut -d' ' -f1)")
	tp+=("$(cpu python3 "$here/synth.py" "$count" --add-noise | cut -d' ' -f1)")
done
s=$(printf '%s\n' "${ts[@]}" | median)
p=$(printf '%s\n' "${tp[@]}" | median)
rss_small=$(cpu "$synthgen" --count $((count / 10)) --add-noise | cut -d' ' -f2)
rss_big=$(cpu "$synthgen" --count "$count" --add-noise | cut -d' ' -f2)
awk -v n="$count" -v s="$s" -v p="$p" -v a="$rss_small" -v b="$rss_big" 'BEGIN {
	printf "%-10s %9s %12s\n", "command", "cpu s", "records/s"
	printf "%-10s %9.3f %12.0f\n", "synthgen", s, n / s
	printf "%-10s %9.3f %12.0f\n", "python", p, n / p
	printf "synthgen is %.1fx the Python loop\n", p / s
	printf "peak RSS: %d KB at --count %d, %d KB at --count %d\n", a, n / 10, b, n
}'
echo "(median of $rounds rounds)"
