# jsonl-filter --dedup near on prompts that share 240 characters grows
# linearly: 4 times the records take under 8 times the CPU time (comparing
# with every earlier record takes 16); one retry absorbs a busy machine.
# tests/bench/bench-growth-near.sh measures it.
bench=$FIXTURES/../bench/bench-growth-near.sh
build=$(dirname "$(dirname "$(command -v jsonl-filter)")")
for try in 1 2; do
	bash "$bench" "$build" 1 2500 10000 > table
	awk 'NR == 3 && $NF <= 8 {ok = 1} END {exit !ok}' table && break
done
awk 'NR == 3 && $NF <= 8 {ok = 1} END {exit !ok}' table &&
	echo "grows linearly" || cat table
