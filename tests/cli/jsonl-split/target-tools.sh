# Tool definitions (a record's top-level "tools") as each trainer reads
# them: a list for mlx-lm and OpenAI, a JSON string for TRL and
# LLaMA-Factory (whose dataset_info.json then names the column); a list
# given as a string (LLaMA-Factory's own files) is read as the list; tools
# that are not a list of objects are rejected with the reason.
cat > in.jsonl <<'IN'
{"messages":[{"role":"user","content":"Cât e ceasul în București?"},{"role":"assistant","content":"E ora 14:05."}],"tools":[{"type":"function","function":{"name":"ora","description":"ora într-un oraș","parameters":{"type":"object","properties":{"oras":{"type":"string"}},"required":["oras"]}}}]}
{"conversations":[{"from":"human","value":"What is 2 + 3?"},{"from":"gpt","value":"2 + 3 = 5."}],"tools":"[{\"name\": \"add\", \"parameters\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"number\"}, \"b\": {\"type\": \"number\"}}}}]"}
{"prompt":"Spell 'tools' backwards.","completion":"It is 'sloot'.","tools":[{"name":"reverse","parameters":{"type":"object","properties":{"s":{"type":"string"}}}}]}
{"prompt":"A record with no tools.","completion":"Then none are written."}
{"prompt":"Tools as a number.","completion":"Rejected.","tools":5}
{"prompt":"Tools as a string that is not a list.","completion":"Rejected.","tools":"{\"name\": \"x\"}"}
{"prompt":"Tools as a list of strings.","completion":"Rejected.","tools":["add"]}
{"prompt":"Tools null.","completion":"None written.","tools":null}
IN
for t in openai mlx trl llamafactory; do
	echo "== $t"
	jsonl-split --target $t --rejects rej -d $t in.jsonl
	cat $t/*.jsonl
	jq -c '[.reason, .line, .message]' rej
	[ -f $t/dataset_info.json ] && cat $t/dataset_info.json
done
sh "$FIXTURES/../schema/arrow-types.sh" trl/*.jsonl
# TRL's column: each string is the list it was given.
jq -r '.tools // empty | fromjson | .[] | (.function.name // .name)' trl/*.jsonl
