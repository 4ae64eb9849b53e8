jsonl-filter --min-length ten < /dev/null
