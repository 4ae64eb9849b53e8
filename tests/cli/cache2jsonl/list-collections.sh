cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" --list-collections; cache2jsonl --persist-dir "$FIXTURES/chroma/v1.0.5" --list-collections
