# A Claude turn that is only an attachment: its extracted text is the
# prompt; a turn that is only an image ends the exchange, its reply is
# rejected as media, and no reply is joined to another.
conv2jsonl --min-length 0 --stats --context 4 --rejects rejects.jsonl "$FIXTURES/exports/claude-attachments.json" &&
	cat rejects.jsonl
