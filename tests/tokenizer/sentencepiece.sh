#!/bin/sh
# A SentencePiece tokenizer.model read through libsentencepiece (lib/judge/spm.cc)
# against SentencePiece's Python module (python3-sentencepiece): a Unigram
# and a BPE model trained here with spm_train on the test texts (texts.py),
# every count and id equal on those texts, and a folder holding both files
# read through its tokenizer.json.  Exits 77 (skipped), saying why, without
# spm_train, the Python module or a build with libsentencepiece.
#
#   sentencepiece.sh TOKCOUNT [COUNT]
set -u
tokcount=$1
count=${2:-3000}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v spm_train >/dev/null; then
	echo "sentencepiece test skipped: spm_train is missing (Debian package sentencepiece)"
	exit 77
fi
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import sentencepiece' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "sentencepiece test skipped: no Python module sentencepiece (Debian package python3-sentencepiece)"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$py" "$here/texts.py" "$here/../fixtures" "$count" >"$work/texts" || exit 1
"$py" -c 'import json, sys
for l in sys.stdin:
    for s in json.loads(l).split("\n"):
        if s.strip():
            print(s)' <"$work/texts" >"$work/train.txt" || exit 1
n=$(wc -l <"$work/texts")
fail=0
for type in unigram bpe; do
	spm_train --input="$work/train.txt" --model_prefix="$work/$type" --model_type=$type \
		--vocab_size=1500 --hard_vocab_limit=false --character_coverage=0.995 --byte_fallback=true \
		--user_defined_symbols='<tool_call>' --minloglevel=2 >"$work/log" 2>&1 ||
		{ cat "$work/log"; exit 1; }
	if ! "$tokcount" -i "$work/$type.model" <"$work/texts" >"$work/ours" 2>"$work/err"; then
		if grep -q "built without libsentencepiece" "$work/err"; then
			echo "sentencepiece test skipped: $(cat "$work/err")"
			exit 77
		fi
		cat "$work/err"
		exit 1
	fi
	"$py" -c 'import json, sys, sentencepiece
sp = sentencepiece.SentencePieceProcessor(model_file=sys.argv[1])
for l in sys.stdin:
    ids = sp.encode(json.loads(l))
    print(len(ids), *ids)' "$work/$type.model" <"$work/texts" >"$work/ref" || exit 1
	bad=$(paste -d '\t' "$work/ref" "$work/ours" | awk -F '\t' '$1 != $2 {print NR}')
	if [ -n "$bad" ]; then
		echo "$type: $(echo "$bad" | wc -l) of $n texts differ, first text $(echo "$bad" | head -n 1)"
		fail=1
	else
		echo "$type: $n texts ($(awk '{s += $1} END {print s}' "$work/ref") tokens): every count and id equal"
	fi
done
# A folder with both files: the tokenizer.json (one token a byte here).
mkdir "$work/both"
cp "$work/unigram.model" "$work/both/tokenizer.model"
printf '{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}' >"$work/both/tokenizer.json"
if [ "$(echo '"aaa"' | "$tokcount" "$work/both")" != 3 ]; then
	echo "a folder with tokenizer.json and tokenizer.model: not read through the tokenizer.json"
	fail=1
fi
rm "$work/both/tokenizer.json"
if [ "$(echo '"aaa"' | "$tokcount" "$work/both")" != "$(echo '"aaa"' | "$tokcount" "$work/unigram.model")" ]; then
	echo "a folder with a tokenizer.model alone: not read through it"
	fail=1
fi
exit $fail
