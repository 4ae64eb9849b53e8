# LLaMA-Factory's v1 content parts ({"type":"text","value"}), with a
# reasoning part: read by both tools, never "empty".
conv2jsonl --min-length 0 --stats "$FIXTURES/exports/llamafactory-v1.jsonl" &&
	jsonl-filter --format chat --reasoning field "$FIXTURES/exports/llamafactory-v1.jsonl"
