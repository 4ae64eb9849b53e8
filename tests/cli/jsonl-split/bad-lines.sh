printf "%s\n" "{\"prompt\":\"a\",\"completion\":\"b\"}" "oops" "{\"prompt\":\"c\",\"completion\":\"d\"}" > in.jsonl
jsonl-split --rejects rej.jsonl --stats in.jsonl; s=$?
cat train.jsonl validation.jsonl | wc -l; jq -c "[.reason,.line]" rej.jsonl; exit $s
