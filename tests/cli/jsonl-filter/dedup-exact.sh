# one pair as instruction, chat and completion lines, and without diacritics, is one record;
# distinct short prompts ("Cine ești?", "Ce ești?", "Hi", "Ho") all stay
jsonl-filter --dedup exact --rejects rej.jsonl "$FIXTURES/dupes.jsonl" | jsonl-filter --format neutral | jq -r ".id // .prompt"
jq -c "[.line, .dup_of, .similarity]" rej.jsonl
