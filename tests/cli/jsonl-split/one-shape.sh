# Five shapes in, no --format: one shape out (the first record's), every
# record kept, the conversion said on stderr.
jsonl-split -d out "$FIXTURES/shapes.jsonl"
cat out/*.jsonl | jq -r 'keys_unsorted | join(",")' | sort | uniq -c | sed 's/^ *//'
cat out/*.jsonl | wc -l
