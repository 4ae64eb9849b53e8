printf '{"prompt":"a","completion":"b"}\n{"prompt":"a",\n{"prompt":"c","completion":"d"}\n' > in.jsonl
jsonl-filter in.jsonl
