cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" --collection nope
