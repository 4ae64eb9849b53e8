jsonl-filter --format chat "$FIXTURES/shapes.jsonl"
