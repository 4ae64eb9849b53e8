# paraphrases: near duplicates straddle a split by prompt, never one by cluster
# (each pair about its own item: a cluster is closed under near twins, so
# prompts that differ only in a number would all be one cluster)
i=0; while [ $i -lt 200 ]; do
  item=$(echo $i | md5sum | cut -c1-24)
  printf "{\"id\":\"a%d\",\"prompt\":\"tell me about the item coded %s\",\"completion\":\"x\"}\n" $i $item
  printf "{\"id\":\"b%d\",\"prompt\":\"tell me about the item coded %s please\",\"completion\":\"y\"}\n" $i $item
  i=$((i+1)); done > para.jsonl
jsonl-filter --dedup near --threshold 0.7 --clusters cl.jsonl para.jsonl > /dev/null
straddle() {
  { jq -r '"t " + .id' train.jsonl; jq -r '"v " + .id' validation.jsonl; } > sides
  jq -r '[.id, .cluster] | @tsv' cl.jsonl > pairs
  awk 'NR == FNR { side[$2] = $1; next } side[$1] != "" && side[$2] != "" && side[$1] != side[$2] { n++ } END { print n + 0 }' sides pairs
}
jsonl-split para.jsonl; [ "$(straddle)" -gt 0 ] && echo "by prompt: paraphrases straddle"
jsonl-split --by cluster --clusters cl.jsonl para.jsonl && echo "by cluster: $(straddle) straddle"
