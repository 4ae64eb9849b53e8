# the store read directly equals Chroma's own get(): ids, order, documents, metadata
s="$FIXTURES/chroma/v1.0.5"
cache2jsonl --persist-dir "$s" --all --raw > got.jsonl
jq -S -c '[.ids, .documents, .metadatas]' "$s.expected.json" > want
jq -S -s -c '[map(.id), map(.document), map(.metadata)]' got.jsonl > have
cmp want have && echo same
jq -s length got.jsonl
