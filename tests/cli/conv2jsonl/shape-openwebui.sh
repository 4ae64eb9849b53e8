conv2jsonl "$FIXTURES/conversations/openwebui"
