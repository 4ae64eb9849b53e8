jsonl-filter "$FIXTURES/shapes.jsonl" > /dev/full
