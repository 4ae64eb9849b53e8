# paraphrases: near duplicates straddle a split by prompt, never one by cluster
# (each pair about its own item: a cluster is closed under near twins, so
# prompts that differ only in a number would all be one cluster)
# An item's code: the md5 of its number and a newline (one md5sum for
# all 200: the files n0..n199 hold the numbers).
seq 0 199 | while read -r i; do echo "$i" > n$i; done
md5sum $(seq -f n%g 0 199) | awk '{
  i = substr($2, 2); item = substr($1, 1, 24)
  printf "{\"id\":\"a%d\",\"prompt\":\"tell me about the item coded %s\",\"completion\":\"x\"}\n", i, item
  printf "{\"id\":\"b%d\",\"prompt\":\"tell me about the item coded %s please\",\"completion\":\"y\"}\n", i, item
}' > para.jsonl
jsonl-filter --dedup near --threshold 0.7 --clusters cl.jsonl para.jsonl > /dev/null
straddle() {
  { jq -r '"t " + .id' train.jsonl; jq -r '"v " + .id' validation.jsonl; } > sides
  jq -r '[.id, .cluster] | @tsv' cl.jsonl > pairs
  awk 'NR == FNR { side[$2] = $1; next } side[$1] != "" && side[$2] != "" && side[$1] != side[$2] { n++ } END { print n + 0 }' sides pairs
}
jsonl-split para.jsonl; [ "$(straddle)" -gt 0 ] && echo "by prompt: paraphrases straddle"
jsonl-split --by cluster --clusters cl.jsonl para.jsonl && echo "by cluster: $(straddle) straddle"
