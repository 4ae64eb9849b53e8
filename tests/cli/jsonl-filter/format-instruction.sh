jsonl-filter --format instruction "$FIXTURES/shapes.jsonl"
