# a write error (here a file size limit) leaves the old files and no temporary ones
echo old > train.jsonl; echo old > validation.jsonl
synthgen --count 5000 > in.jsonl
(ulimit -f 100; jsonl-split in.jsonl); s=$?
cat train.jsonl validation.jsonl; ls; exit $s
