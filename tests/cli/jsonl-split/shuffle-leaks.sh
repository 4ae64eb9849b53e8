# a shuffle places records, so duplicates can straddle: --check-leakage says so
synthgen --count 2000 > in.jsonl
jsonl-split --shuffle --check-leakage in.jsonl
