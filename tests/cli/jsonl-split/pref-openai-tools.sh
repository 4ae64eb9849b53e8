# OpenAI's preference rows keep a record's tool definitions inside
# "input", beside the messages (its DPO data format); a top-level "tools"
# would be a column Together's file check refuses.  Other kinds and
# targets keep them where they were.
cat > in.jsonl <<'IN'
{"prompt":"What time is it in Cluj?","chosen":"It is 14:05 in Cluj.","rejected":"I cannot know that.","tools":[{"type":"function","function":{"name":"clock","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}
{"prompt":"And in Iași?","chosen":"Also 14:05: one time zone.","rejected":"Later than in Cluj."}
{"prompt":"Add 2 and 3.","chosen":"2 + 3 = 5.","rejected":"23.","tools":[{"type":"function","function":{"name":"add","parameters":{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}}}]}
IN
jsonl-split --target openai --ratio 0.5 --seed 1 -d out in.jsonl
cat out/train.jsonl out/validation.jsonl | jq -c '[keys, (.input | keys), (.input.tools // [] | map(.function.name))]'
