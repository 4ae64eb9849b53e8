# keep Romanian only: texts too short to call are und, kept only when asked
printf "%s\n" "{\"id\":\"ro\",\"prompt\":\"Ce este RAG?\",\"completion\":\"RAG înseamnă că modelul caută întâi în memorie și apoi răspunde.\"}" "{\"id\":\"ro-plain\",\"prompt\":\"Iti aduci aminte ce am vorbit?\",\"completion\":\"Da, imi amintesc tot ce am vorbit pana acum despre memorie.\"}" "{\"id\":\"en\",\"prompt\":\"What is RAG?\",\"completion\":\"RAG means the model looks things up before it answers.\"}" "{\"id\":\"short\",\"prompt\":\"Hi\",\"completion\":\"Salut\"}" > in.jsonl
jsonl-filter --lang ro --rejects rej.jsonl in.jsonl | jq -r .id
jq -c "[.id, .reason, .message]" rej.jsonl
jsonl-filter --lang ro --keep-und in.jsonl | jq -r .id | tr "\n" " "; echo
jsonl-filter --annotate --format instruction in.jsonl | jq -r ".metadata.lang" | tr "\n" " "; echo
