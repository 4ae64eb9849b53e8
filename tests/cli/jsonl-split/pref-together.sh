# Every preference of one prompt is on one side: pairs and labelled
# completions alike, by prompt (the default) and by pair (a preference's
# key is its prompt), whatever the seed; and the split is the same however
# the input is ordered.
awk 'BEGIN {
	for (i = 0; i < 300; i++)
		for (r = 0; r < 3; r++)
			printf "{\"id\":\"p%d-%d\",\"prompt\":\"How do I fix puzzle %d?\",\"chosen\":\"Turn piece %d, take %d.\",\"rejected\":\"Give up on %d.\",\"metadata\":{\"preference\":\"regenerated\"}}\n", i, r, i, i, r, r
}' > pairs.jsonl
awk 'BEGIN {
	for (i = 0; i < 300; i++)
		for (r = 0; r < 2; r++)
			printf "{\"id\":\"k%d-%d\",\"prompt\":\"What is %d plus %d?\",\"completion\":\"%d.\",\"label\":%s}\n", i, r, i, i, 2 * i + r, r ? "false" : "true"
}' > kto.jsonl
for f in pairs kto; do
	for by in prompt pair; do
		for seed in 1 2 3; do
			jsonl-split --by $by --seed $seed --no-card -d $f-$by-$seed \
			    $f.jsonl 2>/dev/null || echo "exit $?"
			cd $f-$by-$seed
			jq -r .prompt train.jsonl | sort -u > t
			jq -r .prompt validation.jsonl | sort -u > v
			echo "$f --by $by --seed $seed: $(cat train.jsonl validation.jsonl | wc -l) records, $(wc -l < v) of $(cat t v | wc -l) prompts in validation, $(comm -12 t v | wc -l) on both sides"
			cd ..
		done
	done
	# Run again: the same files; reversed input: the same sides.
	tac $f.jsonl > rev.jsonl
	jsonl-split --no-card -d $f-again $f.jsonl 2>/dev/null
	jsonl-split --no-card -d $f-rev rev.jsonl 2>/dev/null
	jsonl-split --no-card -d $f-first $f.jsonl 2>/dev/null
	for side in train validation; do
		cmp -s $f-first/$side.jsonl $f-again/$side.jsonl &&
		    echo "$f $side: the same again"
		sort $f-again/$side.jsonl > a
		sort $f-rev/$side.jsonl > b
		cmp -s a b && echo "$f $side: the same reversed"
	done
done
