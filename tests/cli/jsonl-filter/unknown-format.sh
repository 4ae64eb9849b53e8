jsonl-filter --format yaml < /dev/null
