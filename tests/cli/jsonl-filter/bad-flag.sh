jsonl-filter --no-such-flag < /dev/null
