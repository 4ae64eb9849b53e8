# A SillyTavern chat file is one conversation: a header line, then one
# line a message.  The reply is the swipe chosen (swipe_id), the thinking
# extra.reasoning; system lines stay out.  The file names the chat.
conv2jsonl --min-length 0 --stats --context 2 "$FIXTURES/exports/sillytavern-chat.jsonl"
# A line that is not JSON leaves the whole chat out, said once.
{ head -n 3 "$FIXTURES/exports/sillytavern-chat.jsonl"; echo '{"name":"Orin",'; tail -n 3 "$FIXTURES/exports/sillytavern-chat.jsonl"; } >broken.jsonl
conv2jsonl --min-length 0 broken.jsonl
echo "status $?"
