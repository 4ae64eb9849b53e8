jsonl-filter --min-length 60 --rejects rej.jsonl "$FIXTURES/shapes.jsonl"; s=$?
jq -c "[.reason, .line]" rej.jsonl; exit $s
