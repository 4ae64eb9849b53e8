conv2jsonl --lenient "$FIXTURES/conv-bad" | wc -l
