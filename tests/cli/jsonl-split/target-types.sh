# The mixed pipeline: the cache's float timestamps and the conversations'
# ISO-string ones meet in one split; every target's files must load as one
# Arrow table (one type a field), the field that varied said on stderr.
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" 2>/dev/null > all.jsonl
conv2jsonl "$FIXTURES/conversations/nova" >> all.jsonl
synthgen --count 20 >> all.jsonl
for t in trl mlx openai llamafactory; do
	jsonl-split --target $t -d $t all.jsonl 2>err || echo "$t: exit $?"
	echo "$t: $(cat err)"
	sh "$FIXTURES/../schema/arrow-types.sh" $t/*.jsonl
done
# Without --target the lines are written as read.
jsonl-split -d plain all.jsonl
sh "$FIXTURES/../schema/arrow-types.sh" plain/*.jsonl 2>&1 || echo "plain: exit $?"
