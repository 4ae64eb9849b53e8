# Some ChatGPT exports wrap the list: {"conversations":[…]} is read as
# ChatGPT, not mistaken for ShareGPT.
conv2jsonl "$FIXTURES/exports/chatgpt-wrapped.json"
