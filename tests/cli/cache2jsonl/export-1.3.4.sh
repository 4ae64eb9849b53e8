cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" --rejects rej.jsonl; s=$?; jq -c '[.reason, .chroma_id, .message, .chunks]' rej.jsonl; exit $s
