# --target openai writes only the keys OpenAI documents: Together's file
# check refuses any other ("Found extra column"), so no metadata in chat
# rows nor in preference rows; jsonl-split --format chat keeps it.
P=$FIXTURES/split-prefs
printf '%s\n' '{"prompt":"Cine ești?","completion":"Sunt NOVA.","metadata":{"session_id":"s1"}}' \
    '{"prompt":"Ce faci?","completion":"Bine.","metadata":{"session_id":"s2"}}' > replies.jsonl
keys() { cat "$@" | jq -s -c 'map(keys) | add | unique'; }
jsonl-split --target openai -d chat replies.jsonl
keys chat/*.jsonl
jsonl-split --target openai -d pairs "$P/pairs.jsonl" 2>/dev/null
keys pairs/*.jsonl
jsonl-split --format chat -d plain replies.jsonl
keys plain/*.jsonl
