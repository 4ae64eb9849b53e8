# exact counts within one record of the ratio in every stratum
synthgen --count 1001 > in.jsonl
jsonl-split --shuffle --stratify lang --ratios 80,10,10 in.jsonl
for s in train validation test; do printf "%s " $s; jq -r .metadata.lang $s.jsonl | sort | uniq -c | tr "\n" " "; echo; done
cat train.jsonl validation.jsonl test.jsonl | wc -l
