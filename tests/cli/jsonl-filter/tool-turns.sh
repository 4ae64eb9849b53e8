# Tool-calling records (OpenAI tool_calls with null or no content, the
# tool, function and developer roles, weight; ShareGPT function_call and
# observation; LLaMA-Factory's tool_call parts) are read alike by both
# tools.  Kept as read; written anew, the chat, neutral and sharegpt
# formats keep the tool turns, the others leave them out and --stats
# counts them.  A record whose last turn is a call has no reply: rejected
# by jsonl-filter, a conversation without a reply for conv2jsonl.
f="$FIXTURES/exports/tools.jsonl"
jsonl-filter --stats "$f"
echo "# chat"
jsonl-filter --format chat "$f" 2>/dev/null
echo "# conv2jsonl, chat"
conv2jsonl --min-length 0 --stats --format chat "$f"
echo "# sharegpt"
jsonl-filter --format sharegpt "$f" 2>/dev/null
echo "# neutral"
jsonl-filter --format neutral "$f" 2>/dev/null
echo "# completion"
jsonl-filter --stats --format completion "$f" 2>&1 >/dev/null | grep 'tool calls and results'
conv2jsonl --min-length 0 --stats --format completion "$f" 2>&1 >/dev/null |
	grep 'tool calls and results'
true
