# two saves of one session: each pair once, from the later save
conv2jsonl "$FIXTURES/conversations/nova" | jq -r .id
echo --; conv2jsonl --keep-snapshots "$FIXTURES/conversations/nova" | jq -r .id
