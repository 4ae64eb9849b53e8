cache2jsonl --persist-dir "$FIXTURES/chroma/bad/newer" --where source=mistral | jq -r .id
