#!/bin/bash
# conv2jsonl on FILES Nova session files of 20 messages, next to the Python
# peer (tests/bench/conv.py, the seed exporter's loop): records/s from CPU
# time (user+sys), median of ROUNDS alternating rounds, and peak RSS.
# The peer does what --keep-snapshots does (pairs as each file is read);
# the default also keeps every conversation aside to leave out earlier
# saves, work the peer does not do.
#
# usage: tests/bench/bench-conv.sh [BUILD_DIR] [FILES] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
files=${2:-10000}
rounds=${3:-5}
conv=$build/conv2jsonl/conv2jsonl
[ -x "$conv" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
dir=$build/bench/conversations-$files
[ -d "$dir" ] || python3 "$here/conversations.py" "$dir" "$files"
records=$("$conv" --format chat "$dir" | wc -l)
echo "input: $files files, $(du -sm "$dir" | cut -f1) MB, $records pairs"

cpu() { { /usr/bin/time -f '%U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.3f %d\n", $1 + $2, $3}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -a tc tk tp rc rk rp
for ((r = 0; r < rounds; r++)); do
	read -r t m < <(cpu "$conv" --format chat "$dir"); tc+=("$t"); rc+=("$m")
	read -r t m < <(cpu "$conv" --keep-snapshots --format chat "$dir"); tk+=("$t"); rk+=("$m")
	read -r t m < <(cpu python3 "$here/conv.py" "$dir"); tp+=("$t"); rp+=("$m")
done
med() { printf '%s\n' "$@" | median; }
c=$(med "${tc[@]}"); k=$(med "${tk[@]}"); p=$(med "${tp[@]}")
cm=$(med "${rc[@]}"); km=$(med "${rk[@]}"); pm=$(med "${rp[@]}")
awk -v n="$records" -v c="$c" -v k="$k" -v p="$p" -v cm="$cm" -v km="$km" \
    -v pm="$pm" 'BEGIN {
	f = "%-28s %8.3f %11.0f %12d\n"
	printf "%-28s %8s %11s %12s\n", "command", "cpu s", "records/s", "peak RSS KB"
	printf f, "conv2jsonl --keep-snapshots", k, n / k, km
	printf f, "conv2jsonl (snapshots)", c, n / c, cm
	printf f, "python", p, n / p, pm
	printf "same work (--keep-snapshots): %.1fx the Python loop\n", p / k
	printf "with snapshot collapsing:     %.1fx\n", p / c
}'
echo "(median of $rounds rounds)"
