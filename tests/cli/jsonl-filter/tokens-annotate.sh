printf '{"prompt":"Ce este RAG?","completion":"RAG înseamnă că modelul caută întâi în memorie."}\n{"prompt":"What is RAG?","completion":"Retrieval, then generation.","metadata":{"lang":"en"}}\n' > in.jsonl
jsonl-filter --tokenizer "$FIXTURES/tokenizer" --annotate --lang-field prompt in.jsonl | jq -c .metadata.tokens
