jsonl-filter --dedup near --clusters cl.jsonl "$FIXTURES/dupes.jsonl" > /dev/null; jq -r "[.id, .cluster] | @tsv" cl.jsonl | sed "s|^.*/dupes.jsonl|dupes.jsonl|"
