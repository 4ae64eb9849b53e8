# Global exact dedup on 4 jobs (on one machine here; --sshlogin spreads
# them): jsonl-split --shards 4 sends records with the same normalised
# prompt to the same shard, so one jsonl-filter --dedup exact per shard
# keeps what one process keeps over the whole input.
synthgen --count 20000 --seed 5 --add-noise --noise-rate 0.3 > in.jsonl
jsonl-filter --dedup exact in.jsonl | sort > one
jsonl-split --shards 4 -d shards in.jsonl
ls shards
parallel --will-cite -j4 'jsonl-filter --dedup exact {} > {.}.kept' \
	::: shards/shard-*.jsonl
cat shards/*.kept | sort > many
echo "$(wc -l < one) records kept of $(wc -l < in.jsonl)"
cmp one many && echo "the same records"
# Shards are a partition: every record in exactly one.
cat shards/shard-*.jsonl | sort | cmp - "$(sort in.jsonl > all && echo all)" &&
	echo "each record in one shard"
