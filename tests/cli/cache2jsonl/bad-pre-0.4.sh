cache2jsonl --persist-dir "$FIXTURES/chroma/bad/pre-0.4"
