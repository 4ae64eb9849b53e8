# --preferences kto: each rated reply, labelled, its thinking kept; the
# regenerations without a rating give nothing.  The ratings come from
# message_feedback.json inside the .zip, beside conversations.json.
conv2jsonl --preferences kto --min-length 0 --stats "$FIXTURES/preferences/chatgpt-export.zip"
