conv2jsonl --conversations-dir "$FIXTURES/conversations/claude" --min-length 60 --stats 2>&1 >/dev/null | head -n 2
