# conv2jsonl on N copies of a conversation and N continuations of it grows
# linearly: 4 times N takes under 8 times the CPU time (walking the copies
# once per continuation takes 16); one retry absorbs a busy machine.
# tests/bench/bench-growth-conv.sh measures it.
bench=$FIXTURES/../bench/bench-growth-conv.sh
build=$(dirname "$(dirname "$(command -v conv2jsonl)")")
for try in 1 2; do
	bash "$bench" "$build" 1 20000 80000 > table
	awk 'NR == 3 && $NF <= 8 {ok = 1} END {exit !ok}' table && break
done
awk 'NR == 3 && $NF <= 8 {ok = 1} END {exit !ok}' table &&
	echo "grows linearly" || cat table
