#!/usr/bin/env python3
"""The Python peer of `jsonl-filter --min-length N`: a plain json loop over
the completion, or a chat record's last message."""
import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
write = sys.stdout.write
for line in sys.stdin:
    if not line.strip():
        continue
    rec = json.loads(line)
    text = rec["completion"] if "completion" in rec else \
        rec["messages"][-1]["content"]
    if len(text) >= n:
        write(line)
