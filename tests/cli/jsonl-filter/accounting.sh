printf '{"prompt":"a","completion":"short"}\nnot json\n{"x":1}\n{"prompt":"b","completion":"long enough answer"}\n' > in.jsonl
jsonl-filter --stats --min-length 10 --rejects rej.jsonl in.jsonl; s=$?
jq -c "[.reason,.file,.line,has(\"record\"),has(\"raw\")]" rej.jsonl; exit $s
