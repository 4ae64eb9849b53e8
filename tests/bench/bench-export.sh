#!/bin/bash
# conv2jsonl on one large ChatGPT-shaped export (tests/bench/chatgpt-export.py:
# MB megabytes, thousands of conversations), as conversations.json and in a
# .zip as the app delivers it: wall and CPU seconds and peak RSS, median of
# ROUNDS.  The peer is Python's json.load of the same file (the tree alone,
# no pairs), what a script that reads the export whole pays.
#
# usage: tests/bench/bench-export.sh [BUILD_DIR] [MB] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
mb=${2:-200}
rounds=${3:-3}
conv=$build/conv2jsonl/conv2jsonl
[ -x "$conv" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
dir=$build/bench/export-$mb
if [ ! -f "$dir/conversations.json" ]; then
	mkdir -p "$dir"
	python3 "$here/chatgpt-export.py" "$dir/conversations.json" "$mb" 2>/dev/null
	(cd "$dir" && python3 -c 'import zipfile
with zipfile.ZipFile("export.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write("conversations.json")')
fi
json=$dir/conversations.json zip=$dir/export.zip
convs=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$json")
pairs=$("$conv" "$json" | wc -l)
echo "input: $(du -m "$json" | cut -f1) MB, $convs conversations, $pairs pairs; zip $(du -m "$zip" | cut -f1) MB"

run() { { /usr/bin/time -f '%e %U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
names=("conv2jsonl conversations.json" "conv2jsonl --keep-snapshots"
    "conv2jsonl export.zip" "python3 json.load (peer)")
one() {
	case $1 in
	0) run "$conv" "$json" ;;
	1) run "$conv" --keep-snapshots "$json" ;;
	2) run "$conv" "$zip" ;;
	3) run python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$json" ;;
	esac
}
declare -A w c m
for ((r = 0; r < rounds; r++)); do
	for i in "${!names[@]}"; do
		read -r a b d < <(one "$i")
		w[$i]+="$a " c[$i]+="$b " m[$i]+="$d "
	done
done
printf '%-32s %8s %8s %12s\n' command "wall s" "cpu s" "peak RSS KB"
for i in "${!names[@]}"; do
	printf '%-32s %8s %8s %12s\n' "${names[$i]}" \
	    "$(printf '%s\n' ${w[$i]} | median)" \
	    "$(printf '%s\n' ${c[$i]} | median)" \
	    "$(printf '%s\n' ${m[$i]} | median)"
done
