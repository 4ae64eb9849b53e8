conv2jsonl "$FIXTURES/conversations/sharegpt"
