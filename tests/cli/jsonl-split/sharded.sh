# shards split on their own, put together, equal the whole split (as sets)
synthgen --count 3000 --add-noise > all.jsonl
split -n l/4 all.jsonl shard.
mkdir whole
jsonl-split -d whole all.jsonl
for f in shard.*; do mkdir d.$f; jsonl-split -d d.$f $f; done
for s in train validation; do cat d.shard.*/$s.jsonl | sort > parts; sort whole/$s.jsonl | cmp - parts && echo "$s same"; done
