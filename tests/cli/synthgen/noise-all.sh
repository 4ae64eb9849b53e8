# with rate 1 every kind applies: Romanian prompts lose their diacritics and capitals
synthgen --lang ro --add-noise --noise-rate 1 --count 200 > out
jq -r .prompt out | grep -c "[ăâîșțĂÂÎȘȚA-Z?]"
jq -c .metadata.noise out | sort -u
