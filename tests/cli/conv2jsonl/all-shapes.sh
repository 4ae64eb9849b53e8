conv2jsonl --stats "$FIXTURES/conversations"
