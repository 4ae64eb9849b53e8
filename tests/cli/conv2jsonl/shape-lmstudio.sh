# LM Studio keeps each message's versions (edits, regenerations) and the
# one shown (currentlySelected); an assistant's text is in its content
# blocks, a block styled as thinking its reasoning.  The versions not shown
# are counted as skipped.
conv2jsonl --min-length 0 --stats "$FIXTURES/exports/lmstudio.conversation.json"
