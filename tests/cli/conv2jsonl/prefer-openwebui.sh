# Open WebUI: siblings in chat.history (currentId is the path shown) and
# annotation.rating.  A disliked shown reply beside an abandoned one gives
# no pair (neither was kept or liked); an error in place of a reply never
# enters one.  Then the rated replies, labelled; then one chat saved on
# its own (no "chat" wrapper), its reasoning block the chosen's thinking.
conv2jsonl --preferences pairs --min-length 0 --stats "$FIXTURES/preferences/openwebui"
conv2jsonl --preferences kto --min-length 0 "$FIXTURES/preferences/openwebui"
conv2jsonl --preferences pairs --min-length 0 "$FIXTURES/preferences/openwebui-chat.json"
