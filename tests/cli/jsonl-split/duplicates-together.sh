# the same prompt (normalised) is never on both sides; near twins (a noisy
# copy, the same answer) can be, and --check-leakage says so
synthgen --count 5000 --add-noise > in.jsonl
jsonl-split --check-leakage in.jsonl 2> err; echo "exit $?"
grep -c "prompts are in" err
grep -Ec "^jsonl-split: leakage: [0-9]+ records of ./validation.jsonl have a near twin in ./train.jsonl" err
jq -r ".prompt | ascii_downcase" train.jsonl | sort -u > t
jq -r ".prompt | ascii_downcase" validation.jsonl | sort -u > v
comm -12 t v | wc -l
