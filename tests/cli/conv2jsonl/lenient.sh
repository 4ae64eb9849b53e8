conv2jsonl --min-length 0 --lenient "$FIXTURES/conv-bad" | wc -l
