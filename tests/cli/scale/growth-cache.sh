# cache2jsonl on one cached entry of N chunks grows linearly: 4 times N
# takes under 8 times the CPU time (walking back to each run's start takes
# 16); one retry absorbs a busy machine.
# tests/bench/bench-growth-cache.sh measures it.
bench=$FIXTURES/../bench/bench-growth-cache.sh
build=$(dirname "$(dirname "$(command -v cache2jsonl)")")
for try in 1 2; do
	bash "$bench" "$build" 1 8000 32000 > table
	awk 'NR == 3 && $NF <= 8 {ok = 1} END {exit !ok}' table && break
done
awk 'NR == 3 && $NF <= 8 {ok = 1} END {exit !ok}' table &&
	echo "grows linearly" || cat table
