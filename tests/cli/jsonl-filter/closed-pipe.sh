# an endless producer and a reader that stops after one line: no message
yes '{"prompt":"a","completion":"b"}' | jsonl-filter | head -n 1
