# The questions after an image lean on it ("How often should I water
# it?"), as in real exports: every pair after an exchange with media is
# rejected as media by default; --keep-media keeps them, marked with
# metadata.after_media (how many exchanges after the last media).
cat >fern.json <<'JSON'
{"id": "fern-1", "messages": [
 {"role": "user", "content": "What is a fern?"},
 {"role": "assistant", "content": "A plant without flowers or seeds that spreads by spores."},
 {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]},
 {"role": "assistant", "content": "That is a Boston fern with a few dry fronds."},
 {"role": "user", "content": "How often should I water it?"},
 {"role": "assistant", "content": "Keep the soil just moist: water when the top centimetre feels dry."},
 {"role": "user", "content": "And in winter?"},
 {"role": "assistant", "content": "Less often, but mist the fronds: heated rooms are dry."}]}
JSON
conv2jsonl --min-length 0 --rejects rej.jsonl fern.json
jq -c '[.reason, .record.prompt, .record.metadata.after_media]' rej.jsonl
echo "--keep-media:"
conv2jsonl --min-length 0 --keep-media --context 2 fern.json | jq -c '[.prompt, (.context | length), .metadata.after_media]'
echo "dialog:"
conv2jsonl --min-length 0 --keep-media --mode dialog fern.json | jq -c '[.prompt, (.context | length), .metadata.after_media]'
