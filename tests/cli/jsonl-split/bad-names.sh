jsonl-split --names a,b,c < /dev/null
