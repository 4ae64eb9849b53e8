synthgen --count 50 --seed 3 > in.jsonl
jsonl-split --tokenizer "$FIXTURES/tokenizer" --annotate --report r.json -d out in.jsonl
jq -c '.files[0].stats | [has("read"), .tokens.exact, (.tokens | keys)]' r.json
jq -c '.files | map(.stats.tokens.over)' r.json
# Every record's annotation is what the tokenizer counts for it.
jq -s 'map(.metadata.tokens.prompt + .metadata.tokens.completion) | add' out/train.jsonl > a
jsonl-filter --tokenizer "$FIXTURES/tokenizer" --annotate out/train.jsonl |
	jq -s 'map(.metadata.tokens.prompt + .metadata.tokens.completion) | add' > b
cmp a b && echo same
jsonl-split --report r2.json -d out2 in.jsonl
jq -c '.files[0].stats.tokens.exact' r2.json
