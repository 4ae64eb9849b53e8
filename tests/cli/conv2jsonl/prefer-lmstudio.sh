# LM Studio: a reply's versions, currentlySelected the one kept, each
# other version its rejected.  After a prompt with versions (an edit) the
# reply's versions may answer either prompt: no pair, the edit counted.
conv2jsonl --preferences pairs --min-length 0 --stats "$FIXTURES/preferences/lmstudio.conversation.json"
