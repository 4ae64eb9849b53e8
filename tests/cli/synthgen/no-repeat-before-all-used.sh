# 384 combinations: the first 384 records are all different pairs
synthgen --count 384 | jq -c "[.prompt,.completion]" | sort | uniq -d | wc -l
synthgen --count 385 | jq -c "[.prompt,.completion]" | sort | uniq -d | wc -l
