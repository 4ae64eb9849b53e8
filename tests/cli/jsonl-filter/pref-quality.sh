# The quality score judges the rejected reply too; --explain writes its score.
printf '%s\n' '{"id":"q1","prompt":"How do I undo the last git commit but keep my changes?","chosen":"Run git reset --soft HEAD~1: the commit goes away and its changes stay staged, ready to commit again.","rejected":"commit commit commit commit commit commit commit commit commit commit commit commit commit commit"}' > q.jsonl
jsonl-filter --explain q.jsonl | jq -c '.metadata.quality | {score, rejected_score}'
jsonl-filter --min-quality 0.6 --rejects rej.jsonl q.jsonl
jq -r '[.reason, .message] | @tsv' rej.jsonl
