jsonl-filter --format sharegpt "$FIXTURES/shapes.jsonl"
