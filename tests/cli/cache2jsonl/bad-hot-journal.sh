cache2jsonl --persist-dir "$FIXTURES/chroma/bad/hot-journal"
