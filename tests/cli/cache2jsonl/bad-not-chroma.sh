cache2jsonl --persist-dir "$FIXTURES/chroma/bad/not-chroma"
