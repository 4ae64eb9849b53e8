# Thinking from four apps (Claude thinking blocks, ChatGPT thoughts nodes,
# Open WebUI's reasoning block, <think> and reasoning_content) goes to the
# record's reasoning, never into the completion; final formats drop it
# unless --reasoning says how to keep it.
cd "$FIXTURES/exports" || exit 1
set -- claude-thinking.json chatgpt-thoughts.json openwebui-reasoning.json think.jsonl
conv2jsonl --min-length 0 "$@" &&
	conv2jsonl --min-length 0 --format chat "$@" &&
	conv2jsonl --min-length 0 --format chat --reasoning field "$@" &&
	conv2jsonl --min-length 0 --format alpaca --reasoning think "$@"
