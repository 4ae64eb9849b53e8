# A target that can hold none of the records (KTO records for OpenAI's
# preference rows) writes nothing: the run says so and fails, rather than
# leaving two empty files and an exit status of 0.
cat > kto.jsonl <<'IN'
{"prompt":"Is the sea salty?","completion":"Yes, it holds dissolved salts.","label":true}
{"prompt":"Is fire cold?","completion":"Yes, very cold.","label":false}
IN
jsonl-split --target openai --rejects rej.jsonl -d out kto.jsonl
status=$?
jq -c '[.reason, .line]' rej.jsonl
exit $status
