# drop what another set already has, without writing that set
printf "%s\n" "{\"id\":\"real-1\",\"prompt\":\"Cine esti?\",\"completion\":\"x\"}" > real.jsonl
jsonl-filter --dedup exact --against real.jsonl --rejects rej.jsonl "$FIXTURES/dupes.jsonl" | wc -l
jq -c "[.id, .dup_of]" rej.jsonl
