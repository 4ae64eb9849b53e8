synthgen --count 100 | jsonl-split --train t.jsonl --validation v.jsonl --format instruction; ls; head -n 1 t.jsonl | jq -r "keys|join(\",\")"
