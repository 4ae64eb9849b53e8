printf '{"prompt":"x","completion":"ăîșțâĂÎȘȚÂ"}\n' > in.jsonl
jsonl-filter --min-length 10 in.jsonl; jsonl-filter --min-length 11 in.jsonl; jsonl-filter --max-length 9 in.jsonl
