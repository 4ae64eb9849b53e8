conv2jsonl --mode dialog --format chat "$FIXTURES/conversations/openai/chats.jsonl" | jq -c "[.messages[].role]"
