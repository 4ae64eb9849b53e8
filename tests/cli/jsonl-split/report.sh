synthgen --count 100 | jsonl-split --names a,b --report r.json
jq -c "[.input.read, (.files | map([.name, .path, .stats.written]))]" r.json
jq -r "[.files[].stats.written] | add" r.json
