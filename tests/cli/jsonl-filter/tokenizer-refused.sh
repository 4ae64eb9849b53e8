echo '{"model":{"type":"Unigram","vocab":[["a",0.0]]}}' > tokenizer.json
echo '{"prompt":"a","completion":"b"}' | jsonl-filter --tokenizer tokenizer.json --stats
