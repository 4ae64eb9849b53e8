conv2jsonl "$FIXTURES/conversations/chatgpt"
