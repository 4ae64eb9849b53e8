conv2jsonl --context 2 --no-system "$FIXTURES/conversations/nova/session_20260103_090000_b.json" | jq -c "[((.context // []) | length), .prompt[0:20], has(\"system\")]"
