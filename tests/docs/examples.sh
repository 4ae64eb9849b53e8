#!/bin/bash
# Run every EXAMPLES line of the five man pages, in order, in a folder
# that holds what they name: the example Chroma store as data/chroma_db,
# the example conversations, a ChatGPT export (and one zipped, with
# regenerations and ratings), a model folder with the test
# tokenizer.json as model, and synthgen records as qa.jsonl, all.jsonl and
# conv.jsonl.  Each line must exit 0 with nothing
# on stderr.  A line whose program is a trainer that cannot run here
# (mlx_lm.lora needs Apple silicon) is listed as not run.
#
# usage: examples.sh SOURCE_DIR FIXTURES TOOL_DIRS
set -u
src=$1
fixtures=$2
PATH=$3:$PATH
LC_ALL=C.UTF-8
export PATH LC_ALL
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

mkdir -p data/training
cp -r "$fixtures/chroma/example" data/chroma_db
cp -r "$fixtures/conversations/nova" data/conversations
cp "$fixtures/conversations/chatgpt/conversations.json" .
cp "$fixtures/preferences/chatgpt-export.zip" .
cp -r "$fixtures/tokenizer" model
synthgen --count 300 --seed 1 >all.jsonl
cp all.jsonl qa.jsonl
conv2jsonl data/conversations >conv.jsonl

fail=0 ran=0
for tool in cache2jsonl conv2jsonl synthgen jsonl-filter jsonl-split; do
	# The .Dl lines of EXAMPLES, mdoc escapes undone.
	sed -n '/^\.Sh EXAMPLES/,/^\.Sh SEE ALSO/s/^\.Dl //p' \
		"$src/$tool/$tool.1" | sed 's/\\&//g; s/\\e/\\/g; s/\\-/-/g' \
		>lines
	while IFS= read -r line; do
		prog=${line%% *}
		if ! command -v "$prog" >/dev/null; then
			echo "not run ($prog is not here): $line"
			continue
		fi
		ran=$((ran + 1))
		if ! bash -o pipefail -c "$line" >out 2>err </dev/null ||
		    [ -s err ]; then
			echo "FAILED ($tool(1)): $line"
			sed 's/^/  /' err | head -n 10
			fail=1
		fi
	done <lines
done
echo "$ran examples ran"
[ "$ran" -gt 10 ] || fail=1
exit $fail
