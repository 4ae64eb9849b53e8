conv2jsonl nope.json; s=$?; cd /tmp && conv2jsonl; exit $s
