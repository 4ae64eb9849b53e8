# Every export shape gives each pair its conversation's session_id, so a
# split by it keeps every conversation on one side.
conv2jsonl --min-length 0 --context 2 "$FIXTURES/conversations" "$FIXTURES/exports" 2>/dev/null |
	jsonl-split -d out --by group:session_id --ratio 0.5 --seed 3 || exit 1
for f in train validation; do
	jq -r '.metadata.session_id // "MISSING"' "out/$f.jsonl" | sort -u >"$f.ids"
done
grep -c MISSING train.ids validation.ids
echo "on both sides: $(comm -12 train.ids validation.ids | wc -l)"
echo "conversations: $(cat train.ids validation.ids | wc -l)"
