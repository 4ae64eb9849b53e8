synthgen --count 300 > in.jsonl
jsonl-split --target mlx in.jsonl
ls; jq -r "keys | join(\",\")" train.jsonl valid.jsonl | sort -u
