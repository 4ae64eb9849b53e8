conv2jsonl "$FIXTURES/conversations/claude"
