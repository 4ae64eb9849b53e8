conv2jsonl --min-length 0 --rejects rej.jsonl "$FIXTURES/conv-bad"; s=$?; jq -c "[.reason, .file, .line]" rej.jsonl; exit $s
