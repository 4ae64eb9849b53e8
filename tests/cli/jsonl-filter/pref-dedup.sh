# Dedup keys on prompt and chosen reply: the same pair against another
# rejected reply is a duplicate.
printf '%s\n' \
 '{"id":"a","prompt":"How do I see my IP address?","chosen":"Run ip addr and look at the inet lines.","rejected":"Ask your provider."}' \
 '{"id":"b","prompt":"How do I see my IP address?","chosen":"Run ip addr and look at the inet lines.","rejected":"Look at the router box."}' \
 '{"id":"c","prompt":"How do I see my IP address?","chosen":"ip -brief addr lists each interface on one line.","rejected":"Ask your provider."}' > d.jsonl
jsonl-filter --dedup exact --dedup-key pair --rejects rej.jsonl d.jsonl | jq -r .id
jq -r '[.reason, .id, .dup_of] | @tsv' rej.jsonl
