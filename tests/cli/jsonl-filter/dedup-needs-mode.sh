jsonl-filter --clusters x.jsonl < /dev/null
