# every format carries prompt and completion; all but instruction carry
# context too, and all but instruction and completion (the seed's text, with
# no system block) the system prompt
jq -c '{prompt,completion}' "$FIXTURES/shapes.jsonl" >/dev/null
jsonl-filter --format neutral "$FIXTURES/shapes.jsonl" > neutral.jsonl
for f in instruction chat completion alpaca sharegpt completion-system; do
  jsonl-filter --format $f neutral.jsonl | jsonl-filter --format chat |
    jsonl-filter --format neutral > back.jsonl
  keys='{prompt,completion}'
  [ $f = completion ] && keys='{context,prompt,completion}'
  [ $f = instruction ] || [ $f = completion ] ||
    keys='{system,context,prompt,completion}'
  jq -c "$keys" neutral.jsonl > want
  jq -c "$keys" back.jsonl | cmp - want && echo "$f ok"
done
