printf '{"prompt":"a","completion":"b"}' | jsonl-filter
