synthgen --lang ro --topic rag --topic chromadb --count 50 | jq -r "[.metadata.lang,.metadata.topic]|@tsv" | sort -u
