printf '{"prompt":"a","completion":"b"}\nnot json\n{"prompt":"c","completion":"d"}\n' | jsonl-filter --strict
