# --shards writes one kind of record a run, as a split does: its first
# record's.  The others are rejected (reason kind) and counted, in
# --rejects; every record read is written or rejected.
P=$FIXTURES/split-prefs
{
	cat "$P/pairs.jsonl"
	echo '{"prompt":"Cine ești?","completion":"Sunt NOVA."}'
	cat "$P/kto.jsonl"
} > mixed.jsonl
jsonl-split --shards 2 -d sh --stats --rejects rejects.jsonl mixed.jsonl \
    2> err
grep -E '^jsonl-split: +(read|rejected)' err
jq -r '"\(.line) \(.reason): \(.message)"' rejects.jsonl
cat sh/shard-*.jsonl | jq -r '.id' | sort
# Reformatted, the same: a run of labelled completions as chat rows.
jsonl-split --shards 2 -d kto --format chat --rejects kto-rejects.jsonl \
    "$P/kto.jsonl" "$P/pairs.jsonl" 2>/dev/null
jq -r '.reason' kto-rejects.jsonl | uniq -c
cat kto/shard-*.jsonl | jq -c 'keys' | uniq -c
