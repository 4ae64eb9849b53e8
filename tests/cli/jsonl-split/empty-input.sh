jsonl-split < /dev/null; wc -c < train.jsonl; wc -c < validation.jsonl
