cache2jsonl --where nokey
