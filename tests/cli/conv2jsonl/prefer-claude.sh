# Claude.ai: a retry under one parent_message_uuid beside the reply on the
# path to the newest leaf; the edited first question is no preference.
# An older export without parent_message_uuid is one path: no branch, no
# edit.
conv2jsonl --preferences pairs --min-length 0 --stats \
	"$FIXTURES/exports/claude-edits.json" "$FIXTURES/conversations/claude"
