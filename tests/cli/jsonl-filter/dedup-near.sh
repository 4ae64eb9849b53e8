# the reworded question goes at 0.8 (J = 0.83); nothing else does
jsonl-filter --dedup near --rejects rej.jsonl "$FIXTURES/dupes.jsonl" > /dev/null
jq -c "[.line, .dup_of, (.similarity * 100 | floor)]" rej.jsonl
jsonl-filter --dedup near --threshold 0.9 --rejects rej9.jsonl "$FIXTURES/dupes.jsonl" > /dev/null
jq -c "[.line, .dup_of]" rej9.jsonl
