# --pii redact redacts the rejected reply as well as the prompt and the chosen.
grep '"p7"' "$FIXTURES/preferences.jsonl" | jsonl-filter --pii redact | jq -r '.rejected'
