# a periodic export: the second run writes only what the first did not
head -n 3 "$FIXTURES/dupes.jsonl" > monday.jsonl
jsonl-filter --dedup exact --seen seen.idx monday.jsonl | wc -l
jsonl-filter --dedup exact --seen seen.idx --rejects rej.jsonl "$FIXTURES/dupes.jsonl" | wc -l
jq -c "[.line, .dup_of]" rej.jsonl
jsonl-filter --dedup exact --seen seen.idx "$FIXTURES/dupes.jsonl" | wc -l
