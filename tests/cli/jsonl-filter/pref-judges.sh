# Length, language and PII judge both replies of a pair, and say which one
# failed; a pair whose replies are the same (or nearly) is rejected.
jsonl-filter --min-length 20 --lang en --pii drop --rejects rej.jsonl --stats "$FIXTURES/preferences.jsonl" | jq -r .id
jq -r '[.reason, .id, .message] | @tsv' rej.jsonl
