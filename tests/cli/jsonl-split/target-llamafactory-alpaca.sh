# --target llamafactory --format alpaca: LLaMA-Factory's alpaca rows, for
# replies, ranking pairs and KTO, and dataset_info.json entries that say
# alpaca and name the columns each file has (system and history only where
# a record had them: LLaMA-Factory looks a named column up in every row).
# Another --format is a usage error: no entry could describe it.
P=$FIXTURES/split-prefs
show() { # DIR: each entry, and the keys of its file's rows
	jq -c 'to_entries[] | {(.key): (.value | del(.file_name))}' \
	    "$1/dataset_info.json"
	for f in $(jq -r '.[].file_name' "$1/dataset_info.json"); do
		echo "$f: $(jq -s -c 'map(keys) | add | unique' "$1/$f")"
	done
}
printf '%s\n' '{"prompt":"Cine ești?","completion":"Sunt NOVA."}' \
    '{"prompt":"Ce faci?","completion":"Bine."}' > replies.jsonl
jsonl-split --target llamafactory --format alpaca -d replies replies.jsonl
show replies
cat replies/train.jsonl replies/validation.jsonl
jsonl-split --target llamafactory --format alpaca -d pairs "$P/pairs.jsonl"
show pairs
jq -c 'select(.history != null)' pairs/*.jsonl
jsonl-split --target llamafactory --format alpaca -d kto --rejects rej.jsonl \
    "$P/kto.jsonl"
show kto
jq -r '[.instruction, .output, .label, .system, .history] | @json' \
    kto/*.jsonl | sort
wc -l < rej.jsonl
jsonl-split --target llamafactory --format chat -d chat replies.jsonl \
    2> err
echo "status $?"
head -1 err
