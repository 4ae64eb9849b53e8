# Tool-calling records (OpenAI tool_calls with null content, the tool and
# developer roles, weight; ShareGPT function_call and observation) are
# read alike by both tools: kept as read, and when written anew the tool
# turns are left out and counted.
f="$FIXTURES/exports/tools.jsonl"
jsonl-filter --stats "$f" &&
	jsonl-filter --stats --format chat "$f" &&
	conv2jsonl --min-length 0 --stats --format chat "$f"
