# every format carries prompt and completion; all but instruction carry
# system and context too
jq -c '{prompt,completion}' "$FIXTURES/shapes.jsonl" >/dev/null
jsonl-filter --format neutral "$FIXTURES/shapes.jsonl" > neutral.jsonl
for f in instruction chat completion alpaca sharegpt; do
  jsonl-filter --format $f neutral.jsonl | jsonl-filter --format chat |
    jsonl-filter --format neutral > back.jsonl
  keys='{prompt,completion}'
  [ $f = instruction ] || keys='{system,context,prompt,completion}'
  jq -c "$keys" neutral.jsonl > want
  jq -c "$keys" back.jsonl | cmp - want && echo "$f ok"
done
