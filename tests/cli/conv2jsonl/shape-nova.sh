conv2jsonl "$FIXTURES/conversations/nova"
