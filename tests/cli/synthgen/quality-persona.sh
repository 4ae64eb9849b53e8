# Nova's own answers pass the quality filter: no built-in answer repeats
# itself (a creators answer once said "Cezar … I also call him Grădinarul
# … I have two creators: Cezar, whom I also call Grădinarul …" and scored
# 0.30 on repetition).  Every combination, with and without noise.
for noise in "" --add-noise; do
	synthgen --count 3000 --seed 7 $noise |
		jsonl-filter --min-quality 0.5 --stats 2>&1 >/dev/null |
		grep 'read'
done
