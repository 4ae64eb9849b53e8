#!/bin/bash
# jsonl-filter --lang ro,en (prompt and completion together) next to the
# length-only filter and to langdetect in Python, on the first SAMPLE
# records of the benchmark corpus: CPU time (user+sys), pairs/s, median of
# ROUNDS rounds.  langdetect is slow, hence the sample.
#
# usage: tests/bench/bench-lang.sh [BUILD_DIR] [SAMPLE] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
sample=${2:-20000}
rounds=${3:-3}
filter=$build/jsonl-filter/jsonl-filter
[ -x "$filter" ] || { echo "bench: build the main preset first" >&2; exit 1; }
/usr/bin/python3 -c 'import langdetect' 2>/dev/null ||
	{ echo "bench: apt-get install -y python3-langdetect" >&2; exit 1; }
mkdir -p "$build/bench"
corpus=$build/bench/corpus-200000.jsonl
[ -s "$corpus" ] || python3 "$here/corpus.py" 200000 > "$corpus"
small=$build/bench/corpus-lang-$sample.jsonl
head -n "$sample" "$corpus" > "$small"
cpu() { { /usr/bin/time -f '%U %S' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.3f\n", $1 + $2}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
run() {
	local name=$1; shift
	local -a t
	for ((r = 0; r < rounds; r++)); do t+=("$(cpu "$@")"); done
	awk -v name="$name" -v n="$sample" -v t="$(printf '%s\n' "${t[@]}" | median)" \
	    'BEGIN {printf "%-30s %8.3f %11.0f\n", name, t, n / t}'
}
printf '%-30s %8s %11s\n' command "cpu s" pairs/s
run "jsonl-filter --min-length 50" "$filter" --min-length 50 "$small"
run "jsonl-filter --lang ro,en" "$filter" --lang ro,en "$small"
run "python langdetect" sh -c "/usr/bin/python3 '$here/lang.py' < '$small'"
echo "(median of $rounds rounds on $sample records)"
