jsonl-filter --min-quality 0.5 --rejects rej.jsonl "$FIXTURES/content.jsonl" | jq -r .id | tr "\n" " "; echo
jq -c "[.id, .stage, .reason, .message]" rej.jsonl
jsonl-filter --explain --format instruction "$FIXTURES/content.jsonl" | jq -c "[.metadata.quality.score, .metadata.quality.refusal]" | head -n 2
