synthgen --count 2000 --add-noise > in.jsonl
mkdir a b c
jsonl-split -d a in.jsonl && jsonl-split -d b in.jsonl && cmp a/train.jsonl b/train.jsonl && cmp a/validation.jsonl b/validation.jsonl && echo same
jsonl-split -d c --seed 9 in.jsonl && ! cmp -s a/train.jsonl c/train.jsonl && echo other seed, other split
