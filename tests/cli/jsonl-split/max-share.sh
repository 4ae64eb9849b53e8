# synthetic pairs make at most 20% of each file; the rest go to rejects as "mix"
synthgen --count 500 > all.jsonl
i=0; while [ $i -lt 200 ]; do printf "{\"id\":\"real-%d\",\"source\":\"conversation\",\"prompt\":\"Real question %d\",\"completion\":\"an answer\"}\n" $i $i; i=$((i+1)); done >> all.jsonl
jsonl-split --max-share source=synthetic:0.2 --rejects rej.jsonl all.jsonl
for f in train validation; do
  jq -r .source $f.jsonl | sort | uniq -c | awk -v f=$f "{n[\$2] = \$1; t += \$1} END {print f, (n[\"synthetic\"] / t <= 0.2 && n[\"synthetic\"] / t > 0.15) ? \"within the cap\" : \"off\"}"
done
jq -r .reason rej.jsonl | sort -u
echo $(( $(cat train.jsonl validation.jsonl rej.jsonl | wc -l) ))
mkdir again; jsonl-split --max-share source=synthetic:0.2 -d again all.jsonl && cmp again/train.jsonl train.jsonl && echo same again
