jsonl-filter --lang-field answer < /dev/null
