# too small for mistral-finetune: nothing written, old files intact
echo old > train.jsonl
synthgen --count 20 | jsonl-split --target mistral; s=$?
cat train.jsonl; ls; exit $s
