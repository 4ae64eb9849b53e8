# Open WebUI may keep a reply with empty content and its text in Responses
# API "output" items: the message items' output_text is the reply, the
# reasoning items' summary its thinking; tool calls stay out, counted.
conv2jsonl --min-length 0 --stats "$FIXTURES/exports/openwebui-output.json"
