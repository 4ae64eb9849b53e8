cache2jsonl --persist-dir nope
