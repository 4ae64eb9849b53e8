#!/bin/bash
# jsonl-filter --dedup exact and near on the benchmark corpus, next to the
# length-only filter and to Python peers (tests/bench/dedup.py): CPU time
# (user+sys), records/s and peak RSS, median of ROUNDS rounds.  Near dedup
# runs on the prompt and on the pair (long keys: many LSH candidates).  The
# near peer is pure Python and slow, so it runs on the first NEAR_SAMPLE
# records.
#
# usage: tests/bench/bench-dedup.sh [BUILD_DIR] [RECORDS] [ROUNDS] [NEAR_SAMPLE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
records=${2:-200000}
rounds=${3:-3}
sample=${4:-20000}
filter=$build/jsonl-filter/jsonl-filter
[ -x "$filter" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
mkdir -p "$build/bench"
corpus=$build/bench/corpus-$records.jsonl
[ -s "$corpus" ] || python3 "$here/corpus.py" "$records" > "$corpus"
small=$build/bench/corpus-$records-head-$sample.jsonl
head -n "$sample" "$corpus" > "$small"

cpu() { { /usr/bin/time -f '%U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.3f %d\n", $1 + $2, $3}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
run() { # name records command...
	local name=$1 n=$2; shift 2
	local -a t m
	for ((r = 0; r < rounds; r++)); do
		read -r a b < <(cpu "$@")
		t+=("$a"); m+=("$b")
	done
	awk -v name="$name" -v n="$n" -v t="$(printf '%s\n' "${t[@]}" | median)" \
	    -v m="$(printf '%s\n' "${m[@]}" | median)" \
	    'BEGIN {printf "%-32s %8d %8.3f %11.0f %10d\n", name, n, t, n / t, m}'
}
printf '%-32s %8s %8s %11s %10s\n' command records "cpu s" records/s "RSS KB"
run "jsonl-filter --min-length 50" "$records" "$filter" --min-length 50 "$corpus"
run "jsonl-filter --dedup exact" "$records" "$filter" --dedup exact "$corpus"
run "python set (exact)" "$records" sh -c "python3 '$here/dedup.py' exact < '$corpus'"
run "jsonl-filter --dedup near" "$records" "$filter" --dedup near "$corpus"
run "jsonl-filter --dedup near (pair)" "$records" "$filter" --dedup near --dedup-key pair "$corpus"
run "jsonl-filter --dedup near (sample)" "$sample" "$filter" --dedup near "$small"
run "python MinHash LSH (sample)" "$sample" sh -c "python3 '$here/dedup.py' near < '$small'"
echo "(median of $rounds rounds; unique prompts: $("$filter" --dedup exact "$corpus" | wc -l))"
