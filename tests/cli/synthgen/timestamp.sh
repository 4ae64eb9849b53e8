synthgen --count 3 | jq -r ".metadata | has(\"generated_at\")" | sort -u
synthgen --count 3 --timestamp | jq -r ".metadata.generated_at | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$\")" | sort -u
