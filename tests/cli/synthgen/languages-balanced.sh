# both languages, in shares within 45-55%
synthgen --count 1000 | jq -r .metadata.lang | sort | uniq -c | awk '{print $2; if ($1 < 450 || $1 > 550) print "unbalanced", $1}'
