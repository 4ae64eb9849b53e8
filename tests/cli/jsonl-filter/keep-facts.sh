# --keep longest replays the spooled records: each is written with its own
# language, quality score and stats, not those of the last record read
cat > in.jsonl <<'JSON'
{"prompt":"What is a semantic cache?","completion":"A semantic cache keeps answers with the vector of their question, so a question close in meaning finds the same answer again."}
{"prompt":"What is a semantic cache?","completion":"It keeps answers with their question's vector."}
{"prompt":"Cine ești tu, de fapt?","completion":"Nu știu."}
JSON
jsonl-filter --dedup exact --keep longest --annotate --explain --stats in.jsonl 2>err |
	jq -c '[.prompt, .metadata.lang, .metadata.quality.score]'
grep languages err
