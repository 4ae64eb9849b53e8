conv2jsonl --min-length 0 "$FIXTURES/conversations/chatgpt"
