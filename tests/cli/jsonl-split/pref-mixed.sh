# A run writes one kind of record, its first record's: trainers take one a
# file.  Records of another kind are rejected (reason kind); a pair with
# thinking for a trainer format is rejected (the rejected reply's thinking
# is not kept); mlx-lm-lora's pairs hold no context (that pair is
# rejected); --stats says what the files hold.
P=$FIXTURES/split-prefs
{
	cat "$P/pairs.jsonl"
	echo '{"prompt":"Cine ești?","completion":"Sunt NOVA."}'
	cat "$P/kto.jsonl"
} > mixed.jsonl
jsonl-split --target trl --reasoning think -d trl --stats \
    --rejects rejects.jsonl mixed.jsonl 2> err
grep -E '^jsonl-split: (the files|read)' err
jq -r '"\(.line) \(.reason): \(.message)"' rejects.jsonl
cat trl/*.jsonl | wc -l
jsonl-split --target mlx -d mlx --stats "$P/pairs.jsonl" 2>&1 |
	grep -E '^jsonl-split: (the files|read)'
# The dataset card says what the files hold.
grep '^Fine-tuning data' trl/README.md
jsonl-split -d kto "$P/kto.jsonl" 2>/dev/null
grep '^Fine-tuning data' kto/README.md
