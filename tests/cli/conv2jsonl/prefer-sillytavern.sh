# SillyTavern: a swipe passed over against swipes[swipe_id], with the
# chosen reply's reasoning and the chat before it as context.
conv2jsonl --preferences pairs --min-length 0 "$FIXTURES/exports/sillytavern-chat.jsonl"
