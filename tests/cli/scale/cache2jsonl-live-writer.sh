# The gentle reader: an app's writer (Chroma's two transactions a write,
# every 10 ms) keeps committing while cache2jsonl exports 20,000 entries,
# in rollback-journal and WAL mode.  No write fails, the writer's longest
# wait is a small part of the time cache2jsonl reads (one short read
# transaction, not the whole read), and every entry is exported.
# tests/bench/bench-live.sh gives the figures at 200,000 entries.  A scale
# case: too slow under valgrind (memcheck leaves scale cases out).
bench=$FIXTURES/../bench
bash "$bench/make-cache-store.sh" 20000 made || exit 1
for mode in delete wal; do
	rm -rf store stop*
	cp -r made store
	python3 "$bench/live-writer.py" store stop "$mode" > writer &
	writer=$!
	while [ ! -e stop.ready ]; do
		kill -0 "$writer" 2>/dev/null || exit 1
		sleep 0.05
	done
	cache2jsonl --persist-dir store --stats > out 2> err
	touch stop
	wait
	read -r commits failed wait < writer
	locked=$(sed -n 's/.*read lock held \([0-9.]*\) ms.*/\1/p' err)
	echo "$mode: $failed writes failed"
	awk -v w="$wait" -v l="$locked" 'BEGIN {
		if (w * 4 < l) print "the writer waited under a quarter of the read";
		else print "the writer waited " w " ms of a " l " ms read" }'
	n=$(grep -c '"id":"cache:entry-' out)
	echo "$n of 20000 entries"
done
