# Some ChatGPT exports wrap the list: {"conversations":[…]} is read as
# ChatGPT, not mistaken for ShareGPT.
conv2jsonl --min-length 0 "$FIXTURES/exports/chatgpt-wrapped.json"
