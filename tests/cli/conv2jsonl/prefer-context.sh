# --context cuts a preference's context as it cuts an ordinary pair's: at
# most N earlier turns, starting with a user's (so --context 3 keeps two
# here, and --context 1 none); without it, the whole path before the
# prompt.
for n in "" "--context 3" "--context 1" "--context 0"; do
	echo "${n:-whole path}"
	conv2jsonl --preferences kto --min-length 0 $n "$FIXTURES/preferences/chatgpt" |
		jq -c '[.metadata.message_id, [(.context // [])[] | .role], .prompt[0:24]]'
done
# The same cut for a pair of replies.
conv2jsonl --preferences pairs --min-length 0 --context 1 "$FIXTURES/preferences/chatgpt" |
	jq -c '[.metadata.chosen_id, (.context // [] | length)]'
