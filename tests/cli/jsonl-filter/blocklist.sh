printf "# secrets\nparolă\n" > block.txt
jsonl-filter --blocklist block.txt --rejects rej.jsonl "$FIXTURES/content.jsonl" | wc -l
jq -c "[.id, .stage, .reason, .message]" rej.jsonl
