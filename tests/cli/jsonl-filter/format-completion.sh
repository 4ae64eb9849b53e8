jsonl-filter --format completion "$FIXTURES/shapes.jsonl"
