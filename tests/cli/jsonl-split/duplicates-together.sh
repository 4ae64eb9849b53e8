# the same prompt (normalised) is never on both sides
synthgen --count 5000 --add-noise > in.jsonl
jsonl-split --check-leakage in.jsonl && echo no leakage
jq -r ".prompt | ascii_downcase" train.jsonl | sort -u > t
jq -r ".prompt | ascii_downcase" validation.jsonl | sort -u > v
comm -12 t v | wc -l
