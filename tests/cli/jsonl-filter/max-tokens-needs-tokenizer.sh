echo '{"prompt":"a","completion":"b"}' | jsonl-filter --max-tokens 10
