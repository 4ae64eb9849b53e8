# ChatGPT: a regenerated reply loses to the one on the current_node path;
# message_feedback.json beside conversations.json decides where the user
# rated (a liked abandoned reply beats a disliked shown one).  Too weak,
# counted: a reply cut off, an edited prompt, a lone rating, two
# regenerations of the same text; a conversation of one path gives none.
conv2jsonl --preferences pairs --min-length 0 --stats "$FIXTURES/preferences/chatgpt"
