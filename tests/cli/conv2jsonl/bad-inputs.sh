conv2jsonl --rejects rej.jsonl "$FIXTURES/conv-bad"; s=$?; jq -c "[.reason, .file, .line]" rej.jsonl; exit $s
