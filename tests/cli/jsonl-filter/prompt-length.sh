jsonl-filter --min-prompt-length 20 --max-prompt-length 25 "$FIXTURES/shapes.jsonl" | jq -r ".messages[1].content // .conversations[0].value"
