conv2jsonl --min-length 0 --strict "$FIXTURES/conv-bad" | wc -l
