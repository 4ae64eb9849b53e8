# every value type kept: int, REAL 1.0 and negative floats, bools, big ints
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" --all --raw | grep -o "\"score\":[^,}]*\|\"delta\":[^,}]*\|\"hits\":[^,}]*\|\"verified\":[^,}]*\|\"timestamp\":1767351600[^,}]*" | sort -u
