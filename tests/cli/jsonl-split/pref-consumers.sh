# Each preference file jsonl-split writes has the fields of its consumer's
# documented example, each with its JSON type (our own copies of the
# examples in tests/schema/consumers), and loads as one Arrow table.
S=$FIXTURES/../schema
P=$FIXTURES/split-prefs
check() { # SHAPE FILE...
	shape=$1
	shift
	printf '%s: ' "$shape"
	sh "$S/consumer-shape.sh" "$S/consumers/$shape.json" "$@" | tr '\n' ' '
	sh "$S/arrow-types.sh" "$@"
}
for kind in pairs kto; do
	# TRL's plain rows hold no system prompt nor context: those are
	# rejected, the rest written.
	jsonl-split --format instruction --no-card -d plain-$kind \
	    "$P/$kind.jsonl" 2>/dev/null
	for t in trl llamafactory openai mlx; do
		jsonl-split --target $t -d $t-$kind "$P/$kind.jsonl" 2>/dev/null
	done
	jsonl-split --target llamafactory --format alpaca -d alpaca-$kind \
	    "$P/$kind.jsonl" 2>/dev/null
	for d in llamafactory alpaca; do
		jq -c '.nova_train' $d-$kind/dataset_info.json > $d-info-$kind.json
	done
done
check trl-preference plain-pairs/*.jsonl
check trl-preference-conversational trl-pairs/*.jsonl
check trl-kto plain-kto/*.jsonl
check trl-kto-conversational trl-kto/*.jsonl
check llamafactory-ranking llamafactory-pairs/*.jsonl
check llamafactory-ranking-info llamafactory-info-pairs.json
check llamafactory-kto llamafactory-kto/*.jsonl
check llamafactory-kto-info llamafactory-info-kto.json
check llamafactory-alpaca-ranking alpaca-pairs/*.jsonl
check llamafactory-alpaca-ranking-info alpaca-info-pairs.json
check llamafactory-alpaca-kto alpaca-kto/*.jsonl
check llamafactory-alpaca-kto-info alpaca-info-kto.json
check openai-preference openai-pairs/*.jsonl
check mlx-lm-lora-preference mlx-pairs/*.jsonl
# mlx-lm-lora's rows hold no context: that pair is rejected, the rest
# written.
cat mlx-pairs/*.jsonl | wc -l
# OpenAI and mlx-lm-lora take no labelled completions: every one rejected.
cat openai-kto/*.jsonl mlx-kto/*.jsonl | wc -l
