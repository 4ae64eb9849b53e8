# short keys (< 50 code points) are judged by their words: a spelling
# variant or a dropped filler is the same question, another name is not
cat > monday.jsonl <<'J'
{"id":"m1","prompt":"What colour is the sky?","completion":"Blue, mostly."}
{"id":"m2","prompt":"How do I install g++?","completion":"apt install g++"}
{"id":"m3","prompt":"How do I install make?","completion":"apt install make"}
J
cat > tuesday.jsonl <<'J'
{"id":"t1","prompt":"Please, what color is the sky","completion":"Blue."}
{"id":"t2","prompt":"How do I install git?","completion":"apt install git"}
{"id":"t3","prompt":"How do I install cmake?","completion":"apt install cmake"}
{"id":"t4","prompt":"How can I install g++?","completion":"With apt."}
{"id":"t5","prompt":"Translate English to French","completion":"Sure."}
{"id":"t6","prompt":"Translate French to English","completion":"Sure."}
J
jsonl-filter --dedup near --seen seen.idx monday.jsonl | jq -r .id
# the index saved by the first run holds the words of its short keys
jsonl-filter --dedup near --seen seen.idx --rejects rej.jsonl tuesday.jsonl | jq -r .id
jq -c "[.id, .dup_of, .similarity]" rej.jsonl
