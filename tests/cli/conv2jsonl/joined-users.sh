# consecutive user messages are joined with a blank line: no reply is lost
conv2jsonl "$FIXTURES/conversations/nova/session_20260103_090000_b.json" | jq -r "select(.metadata.turn == 1) | .prompt"
