# of one question asked three ways: the first, the longest answer, the newest
printf '%s\n' '{"id":"a","prompt":"Ce este RAG?","completion":"scurt","metadata":{"timestamp":"2026-01-02T10:00:00"}}' '{"id":"b","prompt":"ce este rag","completion":"un raspuns mult mai lung","metadata":{"timestamp":"2026-01-01T10:00:00"}}' '{"id":"c","prompt":"CE ESTE RAG!","completion":"mediu","metadata":{"cached_at":"2026-01-03T10:00:00"}}' '{"id":"d","prompt":"Altceva","completion":"x"}' > in.jsonl
for k in first longest newest; do
  echo "$k: $(jsonl-filter --dedup exact --keep $k --rejects r.jsonl in.jsonl | jq -r .id | tr "\n" " ")$(jq -r .dup_of r.jsonl | sort -u | tr "\n" " ")"
done
