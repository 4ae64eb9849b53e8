jsonl-filter --dedup exact --dedup-key completion "$FIXTURES/dupes.jsonl" | wc -l
jsonl-filter --dedup exact --dedup-key pair "$FIXTURES/dupes.jsonl" | wc -l
