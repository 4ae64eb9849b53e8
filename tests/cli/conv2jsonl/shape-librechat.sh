# LibreChat keeps every branch: as a tree of children (messagesTree) or a
# flat list linked by parentMessageId.  The branch shown takes the newest
# edit or reply at each fork, as the app does; think parts are reasoning,
# the preset's promptPrefix the system prompt, attached files media; a
# reply cut short (unfinished, out of tokens) is no answer: left out.
conv2jsonl --min-length 0 --stats --context 2 --rejects rej.jsonl \
	"$FIXTURES/exports/librechat-tree.json" "$FIXTURES/exports/librechat-flat.json"
jq -c '[.reason, .file, .record.prompt]' rej.jsonl
