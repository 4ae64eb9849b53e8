# Nova's own sessions hold one path and no rating: no preference, and a
# run that finds none says so and fails rather than write nothing quietly.
conv2jsonl --preferences pairs "$FIXTURES/conversations/nova"
