cache2jsonl --persist-dir "$FIXTURES/chroma/v1.0.5" --rejects rej.jsonl; s=$?; jq -c '[.reason, .chroma_id, .message, .chunks]' rej.jsonl; exit $s
