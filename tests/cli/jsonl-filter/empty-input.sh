jsonl-filter < /dev/null
