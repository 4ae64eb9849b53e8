# Ratings that name no reply in the conversations read (a user's turn, a
# message no conversation holds, a conversation not read) cannot be used:
# counted by --stats, never dropped unsaid.  The export's own ratings
# still make their pairs; the conversations line counts what the shown
# paths skipped, as for ordinary pairs.
mkdir export
cp "$FIXTURES/preferences/chatgpt/conversations.json" export/
jq '. + [
 {"id": "q2", "conversation_id": "6a1f0c2e-7b3d-4e55-9c10-2f4b8d9e0a11", "rating": "thumbs_up"},
 {"id": "no-such-message", "conversation_id": "6a1f0c2e-7b3d-4e55-9c10-2f4b8d9e0a11", "rating": "thumbs_down"},
 {"id": "a1-kept", "conversation_id": "ffffffff-0000-4000-8000-000000000000", "rating": "thumbs_up"}]' \
    "$FIXTURES/preferences/chatgpt/message_feedback.json" >export/message_feedback.json
conv2jsonl --preferences pairs --min-length 0 --stats export 2>stats.txt >out.jsonl
status=$?
jq -c '[.metadata.preference, .metadata.chosen_id, .metadata.rejected_id]' out.jsonl
grep -E 'rating|conversations' stats.txt
exit $status
