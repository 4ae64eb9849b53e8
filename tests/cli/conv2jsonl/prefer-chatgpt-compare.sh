# ChatGPT: model_comparisons.json beside conversations.json, the user
# picking one of two replies shown side by side: the picked is chosen, the
# other rejected (preference "comparison"); a reply's tool steps are left
# out as in a regeneration.  Counted, not written: an original cut off, a
# comparison of how a reply went on after a tool step, and the newest
# shape, which names the two replies by id only.  The conversations' own
# pairs are left out here (prefer-chatgpt shows them).
mkdir export
cp "$FIXTURES/preferences/chatgpt/conversations.json" export/
cp "$FIXTURES/preferences/chatgpt-model_comparisons.json" \
    export/model_comparisons.json
conv2jsonl --preferences pairs --min-length 0 --stats export >out.jsonl
status=$?
jq -c 'select(.metadata.preference == "comparison")' out.jsonl
# --preferences kto: no comparison is a rating
conv2jsonl --preferences kto --min-length 0 export 2>/dev/null |
    jq -c 'select(.metadata.preference == "comparison")'
exit $status
