for n in 1 2 5; do
  i=0; : > in.jsonl; while [ $i -lt $n ]; do printf "{\"prompt\":\"q%d\",\"completion\":\"a\"}\n" $i >> in.jsonl; i=$((i+1)); done
  jsonl-split --shuffle in.jsonl 2> err; echo "$n: $(wc -l < train.jsonl) train, $(wc -l < validation.jsonl) validation"; cat err
done
