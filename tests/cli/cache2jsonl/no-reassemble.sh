# the seed's way: later chunks are not pairs
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" --no-reassemble --rejects rej.jsonl > out.jsonl; s=$?
jq -r "select(.id == \"cache:qa-003-c0\") | .completion | length" out.jsonl
jq -r "select(.reason == \"not_qa\") | .chroma_id" rej.jsonl
exit $s
