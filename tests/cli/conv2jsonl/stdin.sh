conv2jsonl - < "$FIXTURES/conversations/openwebui/chat-export.json" | jq -r .id
