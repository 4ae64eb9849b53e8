jsonl-filter --format neutral "$FIXTURES/shapes.jsonl"
