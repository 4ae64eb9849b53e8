printf "%s\n" "{\"prompt\":\" \",\"completion\":\"a\"}" "{\"context\":[{\"role\":\"assistant\",\"content\":\"hi\"}],\"prompt\":\"p\",\"completion\":\"c\"}" "{\"prompt\":\"p\",\"completion\":\"c\"}" > in.jsonl
jsonl-split --target llamafactory --rejects rej.jsonl --min-valid 0 in.jsonl
jq -c "[.reason,.line,.message]" rej.jsonl; cat train.jsonl validation.jsonl
