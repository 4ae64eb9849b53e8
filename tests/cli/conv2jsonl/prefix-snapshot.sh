# a file whose messages begin another file's is an earlier save too
mkdir d
printf "%s\n" "{\"messages\":[{\"role\":\"user\",\"content\":\"q1\"},{\"role\":\"assistant\",\"content\":\"a1\"}]}" > d/a.json
printf "%s\n" "{\"messages\":[{\"role\":\"user\",\"content\":\"q1\"},{\"role\":\"assistant\",\"content\":\"a1\"},{\"role\":\"user\",\"content\":\"q2\"},{\"role\":\"assistant\",\"content\":\"a2\"}]}" > d/b.json
cp d/b.json d/c.json
conv2jsonl --min-length 0 d | jq -r .id
