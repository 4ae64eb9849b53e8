# Chat lines with <think> in the reply or a reasoning_content field: the
# completion is judged without the thinking, and a final format keeps it
# only as asked.
f="$FIXTURES/exports/think.jsonl"
jsonl-filter --min-length 5 --stats "$f" &&
	jsonl-filter --format chat --reasoning field "$f" &&
	jsonl-filter --format instruction --reasoning think "$f" &&
	jsonl-filter --format neutral "$f"
