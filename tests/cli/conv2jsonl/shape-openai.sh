conv2jsonl "$FIXTURES/conversations/openai"
