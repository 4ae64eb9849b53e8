# LibreChat: the reply regenerated away loses to the newest sibling (the
# branch shown); in the tree export the only fork is an edited question.
# A thumbs-down on the newest reply makes the liked older one the chosen.
conv2jsonl --preferences pairs --min-length 0 --stats \
	"$FIXTURES/exports/librechat-flat.json" "$FIXTURES/exports/librechat-tree.json" \
	"$FIXTURES/preferences/librechat-feedback.json"
