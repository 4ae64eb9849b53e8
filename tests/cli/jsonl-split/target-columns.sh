# Every column of a --target file is checked for one type across rows, not
# metadata alone: two tool schemas whose enum lists differ in type are
# said on stderr and kept for openai (a list the trainer reads line by
# line; a string there would change the schema), and are no matter for
# trl, where tools are one string column.
cat > in.jsonl <<'IN'
{"messages":[{"role":"user","content":"Vremea la Cluj?"},{"role":"assistant","content":"Însorit, 21 °C."}],"tools":[{"type":"function","function":{"name":"vreme","parameters":{"type":"object","properties":{"mod":{"type":"string","enum":["C","F"]}}}}}]}
{"messages":[{"role":"user","content":"Roll a die."},{"role":"assistant","content":"You rolled a 4."}],"tools":[{"type":"function","function":{"name":"roll","parameters":{"type":"object","properties":{"mod":{"type":"integer","enum":[6,20]}}}}}]}
IN
for t in openai trl; do
	jsonl-split --target $t --no-card -d $t in.jsonl
	sh "$FIXTURES/../schema/arrow-types.sh" $t/*.jsonl 2>&1 || echo "$t: exit $?"
	jq -c '.tools' $t/*.jsonl
done
