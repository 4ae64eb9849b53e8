synthgen --add-noise --noise-rate 0 --count 50 | jq -c .metadata.noise | sort -u
synthgen --count 50 --seed 3 | jq -c .prompt > a
synthgen --count 50 --seed 3 --add-noise --noise-rate 0 | jq -c .prompt > b
cmp a b && echo same prompts
