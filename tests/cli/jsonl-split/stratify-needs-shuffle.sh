jsonl-split --stratify lang < /dev/null
