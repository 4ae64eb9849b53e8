#!/bin/bash
# The preference pipeline against the chat pipeline on the same answers
# (prefs.py): `jsonl-filter --min-length 50`, `jsonl-split` (hash mode,
# lines as they are), `jsonl-split --target trl` (each kind's TRL row) and
# the two as a pipeline (filter | split --target trl: both processes'
# time) on chat records, neutral pairs and KTO records, each compact and
# as json.dumps writes it.  CPU time (user+sys) and records/s, median of
# ROUNDS alternating rounds, one run; a pair line carries two answers.
#
# usage: tests/bench/bench-preferences.sh [BUILD_DIR] [RECORDS] [ROUNDS]
# Build first: cmake --workflow --preset main
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
records=${2:-200000}
rounds=${3:-5}
filter=$build/jsonl-filter/jsonl-filter
split=$build/jsonl-split/jsonl-split
for p in "$filter" "$split"; do
	[ -x "$p" ] || { echo "bench: $p missing; build the main preset" >&2; exit 1; }
done
work=$build/bench
mkdir -p "$work"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
shapes=(chat-compact chat-dumps pair-compact pair-dumps kto-compact kto-dumps)
base=$work/corpus-$records.jsonl
[ -s "$base" ] || python3 "$here/corpus.py" "$records" > "$base"
for s in "${shapes[@]}"; do
	[ -s "$work/prefs-$s-$records.jsonl" ] ||
		python3 "$here/prefs.py" "$s" < "$base" > "$work/prefs-$s-$records.jsonl"
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
TIMEFORMAT='%3U %3S'
printf '%-13s %9s %12s %9s %12s %9s %12s %9s %12s\n' shape "filter s" \
	"filter rec/s" "split s" "split rec/s" "trl s" "trl rec/s" "pipe s" \
	"pipe rec/s"
for s in "${shapes[@]}"; do
	corpus=$work/prefs-$s-$records.jsonl
	ft="" st="" tt="" pt=""
	for ((r = 0; r < rounds; r++)); do
		t=$( { time "$filter" --min-length 50 < "$corpus" > /dev/null; } 2>&1 )
		ft+="$(awk '{print $1 + $2}' <<<"$t") "
		rm -rf "$out/split"
		t=$( { time "$split" -d "$out/split" "$corpus"; } 2>&1 )
		st+="$(awk '{print $1 + $2}' <<<"$t") "
		rm -rf "$out/split"
		t=$( { time "$split" --target trl -d "$out/split" "$corpus"; } 2>&1 )
		tt+="$(awk '{print $1 + $2}' <<<"$t") "
		rm -rf "$out/split"
		t=$( { time "$filter" --min-length 50 < "$corpus" |
			"$split" --target trl -d "$out/split"; } 2>&1 )
		pt+="$(awk '{print $1 + $2}' <<<"$t") "
	done
	f=$(median <<<"$ft")
	p=$(median <<<"$st")
	q=$(median <<<"$tt")
	l=$(median <<<"$pt")
	awk -v s="$s" -v f="$f" -v p="$p" -v q="$q" -v l="$l" -v n="$records" \
	    'BEGIN {printf "%-13s %9.3f %12.0f %9.3f %12.0f %9.3f %12.0f %9.3f %12.0f\n", s, f, n / f, p, n / p, q, n / q, l, n / l}'
done
echo "($records records a shape, median of $rounds rounds)"
