jsonl-filter - < "$FIXTURES/shapes.jsonl"
