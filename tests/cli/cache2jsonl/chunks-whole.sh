# chunked answers come back whole: as long as answer_length says, with no repeated overlap
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" 2>/dev/null | jq -r "select(.id | test(\"-c0\")) | [.id, (.completion | length), .metadata.answer_length, (.metadata | has(\"chunk_index\"))] | @tsv"
