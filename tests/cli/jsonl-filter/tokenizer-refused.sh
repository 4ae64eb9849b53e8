echo '{"model":{"type":"WordPiece","vocab":{"a":0}}}' > tokenizer.json
echo '{"prompt":"a","completion":"b"}' | jsonl-filter --tokenizer tokenizer.json --stats
