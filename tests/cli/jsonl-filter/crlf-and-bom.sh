printf '\357\273\277{"prompt":"a","completion":"b"}\r\n\r\n{"prompt":"c","completion":"d"}\r\n' | jsonl-filter
