#!/bin/bash
# jsonl-split in hash mode and in --shuffle mode, next to the length-only
# filter writing a file, `shuf | split` and a Python shuffle: CPU time
# (user+sys), records/s and peak RSS, median of ROUNDS rounds.
#
# usage: tests/bench/bench-split.sh [BUILD_DIR] [RECORDS] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
records=${2:-1000000}
rounds=${3:-3}
split=$build/jsonl-split/jsonl-split
filter=$build/jsonl-filter/jsonl-filter
[ -x "$split" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
mkdir -p "$build/bench"
corpus=$build/bench/corpus-$records.jsonl
[ -s "$corpus" ] || python3 "$here/corpus.py" "$records" > "$corpus"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cpu() { { /usr/bin/time -f '%U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.3f %d\n", $1 + $2, $3}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
run() { # name command...
	local name=$1; shift
	local -a t m
	for ((r = 0; r < rounds; r++)); do
		read -r a b < <(cpu "$@")
		t+=("$a"); m+=("$b")
	done
	awk -v name="$name" -v n="$records" -v t="$(printf '%s\n' "${t[@]}" | median)" \
	    -v m="$(printf '%s\n' "${m[@]}" | median)" \
	    'BEGIN {printf "%-30s %8.3f %11.0f %10d\n", name, t, n / t, m}'
}
printf '%-30s %8s %11s %10s\n' command "cpu s" records/s "RSS KB"
run "jsonl-filter --min-length 50 -o" "$filter" --min-length 50 -o "$out/f.jsonl" "$corpus"
run "jsonl-split (hash)" "$split" -d "$out" "$corpus"
run "jsonl-split --shuffle" "$split" --shuffle -d "$out" "$corpus"
run "shuf | split" sh -c "shuf --random-source='$corpus' '$corpus' | split -n l/5 - '$out/part.'"
run "python shuffle" python3 "$here/split.py" "$corpus" "$out/t.jsonl" "$out/v.jsonl"
echo "(median of $rounds rounds, $records records, $(( $(stat -c %s "$corpus") / 1000000 )) MB)"
