jsonl-filter --pii drop --rejects rej.jsonl "$FIXTURES/content.jsonl" | jq -r .id | tr "\n" " "; echo
jq -c "[.id, .stage, .reason, .message]" rej.jsonl
jsonl-filter --pii redact "$FIXTURES/content.jsonl" | jq -r "select(.id == \"email\" or .id == \"card\") | .completion"
jsonl-filter --pii keep "$FIXTURES/content.jsonl" | wc -l
