conv2jsonl --format instruction --reasoning field "$FIXTURES/exports/think.jsonl"
