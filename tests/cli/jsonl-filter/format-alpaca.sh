jsonl-filter --format alpaca "$FIXTURES/shapes.jsonl"
