jsonl-split --ratio 1.5 < /dev/null
