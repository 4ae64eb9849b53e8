# ChatGPT's citation markers, both families, leave the replies; the cited
# text stays, and --stats counts what was taken out.
conv2jsonl --min-length 0 --stats "$FIXTURES/exports/chatgpt-citations.json"
