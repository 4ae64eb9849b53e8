for n in 1 2 5; do
  printf "{\"prompt\":\"q%d\",\"completion\":\"a\"}\n" $(seq 1 $n) > in.jsonl
  jsonl-split in.jsonl 2> err; echo "$n: $(wc -l < train.jsonl) train, $(wc -l < validation.jsonl) validation"; cat err
done
