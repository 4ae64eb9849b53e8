# Claude keeps edits and retries in one flat list: the branch shown is
# rebuilt from the newest leaf through parent_message_uuid, and the
# abandoned question and replies never enter a pair (counted as skipped).
conv2jsonl --min-length 0 --stats --context 2 "$FIXTURES/exports/claude-edits.json"
