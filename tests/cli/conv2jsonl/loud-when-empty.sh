# Conversations that give no pair are an error, said once; a folder with
# no conversation at all only warns.
conv2jsonl "$FIXTURES/exports/claude-unanswered.json"
echo "status $?"
mkdir empty && conv2jsonl empty
