synthgen --count 1000000 | head -n 1 | jq -r .id
