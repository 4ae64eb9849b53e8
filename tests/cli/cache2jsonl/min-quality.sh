# the seed's option: a clean answer passes 0.7
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" --where source=mistral --min-quality 0.7 | jq -r .id
