echo old > out.jsonl
printf '{"prompt":"a","completion":"b"}\nnot json\n' | jsonl-filter --strict -o out.jsonl
cat out.jsonl; ls
jsonl-filter -o out.jsonl "$FIXTURES/shapes.jsonl" && wc -l < out.jsonl && ls
