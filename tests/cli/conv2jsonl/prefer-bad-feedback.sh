# A message_feedback.json that is not a list of ratings is reported and
# counted; the conversations are still read, their regenerations paired.
mkdir export
cp "$FIXTURES/preferences/chatgpt/conversations.json" export/
echo '{"rating": "thumbsUp"}' >export/message_feedback.json
conv2jsonl --preferences pairs --min-length 0 --rejects rej.jsonl export >out.jsonl
status=$?
jq -c '[.metadata.preference, .metadata.chosen_id, .metadata.rejected_id]' out.jsonl
jq -c '[.reason, .file, .message]' rej.jsonl
exit $status
