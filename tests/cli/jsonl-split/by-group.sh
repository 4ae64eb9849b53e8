# all pairs of a session stay together
i=0; while [ $i -lt 200 ]; do printf "{\"prompt\":\"q%d\",\"completion\":\"a\",\"metadata\":{\"session_id\":\"s%d\"}}\n" $i $((i / 10)); i=$((i+1)); done > in.jsonl
jsonl-split --by group:session_id in.jsonl
jq -r .metadata.session_id train.jsonl | sort -u > t
jq -r .metadata.session_id validation.jsonl | sort -u > v
comm -12 t v | wc -l; cat t v | wc -l
