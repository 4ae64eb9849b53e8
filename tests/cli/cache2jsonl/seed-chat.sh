cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" --where source=mistral --format chat | jq -c "[.messages[].role]"
