# 336 combinations: the first 336 records are all different pairs
synthgen --count 336 | jq -c "[.prompt,.completion]" | sort | uniq -d | wc -l
synthgen --count 337 | jq -c "[.prompt,.completion]" | sort | uniq -d | wc -l
