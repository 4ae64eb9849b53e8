conv2jsonl --min-length 0 --stats "$FIXTURES/conversations"
