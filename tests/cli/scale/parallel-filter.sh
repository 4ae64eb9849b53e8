# GNU parallel cuts a file into blocks for 4 jobs of jsonl-filter: the
# records that come out are those of one process (as a multiset).
synthgen --count 20000 --seed 5 --add-noise --noise-rate 0.3 > in.jsonl
set -- --min-length 150 --lang ro,en --min-quality 0.5 --pii redact
jsonl-filter "$@" in.jsonl | sort > one
parallel --will-cite --pipepart -a in.jsonl --block 1M -j4 --joblog log \
	jsonl-filter "$@" | sort > many
jobs=$(($(wc -l < log) - 1))
[ "$jobs" -ge 4 ] && echo "at least 4 jobs"
echo "$(wc -l < one) records"
cmp one many && echo "the same records"
