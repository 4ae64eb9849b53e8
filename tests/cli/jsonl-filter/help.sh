jsonl-filter --help | head -n 1
