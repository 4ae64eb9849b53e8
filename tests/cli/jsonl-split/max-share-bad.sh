jsonl-split --max-share synthetic < /dev/null
