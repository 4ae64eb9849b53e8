conv2jsonl "$FIXTURES/conversations" > /dev/full
