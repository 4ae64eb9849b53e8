cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" --where source=mistral --min-quality 0.7 | jq -r .id
printf "%s\n" "{\"id\":\"x\",\"document\":\"Q: Ce?\nA: Nu știu.\",\"metadata\":{\"type\":\"cached_qa\"}}" > /dev/null
