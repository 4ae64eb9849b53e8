# The first record: prompt 4 tokens, completion 9, and 5 turn tokens for
# each of the two messages: 23.  The second's prompt alone (32 tokens, 37
# with its turn tokens) is over 30.
printf '{"prompt":"Ce este RAG?","completion":"RAG înseamnă că modelul caută."}\n{"prompt":"Ce este RAG? Ce este RAG? Ce este RAG? Ce este RAG? Ce este RAG? Ce este RAG? Ce este RAG? Ce este RAG?","completion":"Da."}\n' > in.jsonl
jsonl-filter --tokenizer "$FIXTURES/tokenizer/tokenizer.json" --max-tokens 30 --rejects rej.jsonl --stats in.jsonl | jq -c '[.prompt]'
jq -r '[.reason, .stage, .line, .message] | @tsv' rej.jsonl
for n in 23 22; do jsonl-filter --tokenizer "$FIXTURES/tokenizer" --max-tokens $n in.jsonl | wc -l; done
for n in 13 12; do jsonl-filter --tokenizer "$FIXTURES/tokenizer" --max-tokens $n --turn-tokens 0 in.jsonl | wc -l; done
