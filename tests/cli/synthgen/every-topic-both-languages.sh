synthgen --count 384 | jq -r "[.metadata.topic, .metadata.lang] | @tsv" | sort -u | cut -f1 | uniq -c | awk "{print \$2, \$1}"
