# the seed's defaults: answers under 50 characters left out, and the cache's
# own system prompt; --min-length 0 keeps the short answer
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.0.5" 2>/dev/null | jq -r .system | sort -u
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.0.5" 2>/dev/null | jq -r .completion | grep -c '^Anthropic\.$'
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.0.5" --min-length 0 2>/dev/null | jq -r .completion | grep -c '^Anthropic\.$'
