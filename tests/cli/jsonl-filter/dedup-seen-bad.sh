echo "not an index" > bad.idx
jsonl-filter --dedup exact --seen bad.idx "$FIXTURES/dupes.jsonl"; echo "rc=$?"
jsonl-filter --dedup exact --seen good.idx "$FIXTURES/dupes.jsonl" > /dev/null
jsonl-filter --dedup near --seen good.idx "$FIXTURES/dupes.jsonl"; echo "rc=$?"
head -c 60 good.idx > cut.idx
jsonl-filter --dedup exact --seen cut.idx "$FIXTURES/dupes.jsonl"; echo "rc=$?"
cat bad.idx
