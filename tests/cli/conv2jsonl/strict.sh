conv2jsonl --strict "$FIXTURES/conv-bad" | wc -l
