jsonl-filter nope.jsonl "$FIXTURES/shapes.jsonl" > out; s=$?; wc -l < out; exit $s
