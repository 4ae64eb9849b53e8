# paraphrases: near duplicates straddle a split by prompt, never one by cluster
i=0; while [ $i -lt 200 ]; do
  printf "{\"id\":\"a%d\",\"prompt\":\"how do transformers use attention layers number %d\",\"completion\":\"x\"}\n" $i $i
  printf "{\"id\":\"b%d\",\"prompt\":\"how do transformers use attention layers number %d please\",\"completion\":\"y\"}\n" $i $i
  i=$((i+1)); done > para.jsonl
jsonl-filter --dedup near --threshold 0.7 --clusters cl.jsonl para.jsonl > /dev/null
straddle() {
  { jq -r '"t " + .id' train.jsonl; jq -r '"v " + .id' validation.jsonl; } > sides
  jq -r '[.id, .cluster] | @tsv' cl.jsonl > pairs
  awk 'NR == FNR { side[$2] = $1; next } side[$1] != "" && side[$2] != "" && side[$1] != side[$2] { n++ } END { print n + 0 }' sides pairs
}
jsonl-split para.jsonl; [ "$(straddle)" -gt 0 ] && echo "by prompt: paraphrases straddle"
jsonl-split --by cluster --clusters cl.jsonl para.jsonl && echo "by cluster: $(straddle) straddle"
