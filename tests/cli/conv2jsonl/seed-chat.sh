# the seed's chat record: system first, then user, then assistant
conv2jsonl --format chat "$FIXTURES/conversations/nova/current_session.json"
