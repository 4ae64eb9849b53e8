# A field's second type shows up only in the last of 600 preference pairs
# (metadata.score a number until then, a word there; metadata.réf written
# with an escaped key in the early rows and plainly in the last): the
# types are learned from every row written, so the first rows are
# rewritten too and the files load as one Arrow table.
awk 'BEGIN {
	for (i = 1; i < 600; i++)
		printf "{\"id\":\"p%d\",\"prompt\":\"Question %d?\",\"chosen\":\"Answer %d.\",\"rejected\":\"No.\",\"metadata\":{\"preference\":\"regenerated\",\"score\":%d,\"r\\u00e9f\":%d,\"tags\":[%d,null]}}\n", i, i, i, i % 7, i, i
	printf "{\"id\":\"p600\",\"prompt\":\"Question 600?\",\"chosen\":\"Answer 600.\",\"rejected\":\"No.\",\"metadata\":{\"preference\":\"rating\",\"score\":\"high\",\"réf\":\"x-600\",\"tags\":[600]}}\n"
}' > in.jsonl
jsonl-split --target trl --no-card -d out in.jsonl
sh "$FIXTURES/../schema/arrow-types.sh" out/*.jsonl
cat out/*.jsonl | jq -r '[.metadata.score, .metadata."réf"] | map(type) | join(" ")' | sort | uniq -c
cat out/*.jsonl | jq -c 'select(.metadata.score == "1" or .metadata.score == "high") | .metadata' | head -2
