# A ChatGPT user turn that is only an image ends the exchange: its reply is
# rejected as media, the pair before it stands alone; a prompt that came
# with an image is rejected too unless --keep-media, which marks it.
conv2jsonl --min-length 0 --stats --rejects rejects.jsonl "$FIXTURES/exports/chatgpt-image.json" &&
	cat rejects.jsonl &&
	conv2jsonl --min-length 0 --keep-media "$FIXTURES/exports/chatgpt-image.json"
