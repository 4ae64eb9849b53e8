#!/usr/bin/env python3
"""The Python peer of `jsonl-filter --min-length N`: a plain json loop over
the completion (Alpaca's output), or the last message of a chat or ShareGPT
record."""
import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
write = sys.stdout.write
for line in sys.stdin:
    if not line.strip():
        continue
    rec = json.loads(line)
    if "completion" in rec:
        text = rec["completion"]
    elif "messages" in rec:
        text = rec["messages"][-1]["content"]
    elif "conversations" in rec:
        text = rec["conversations"][-1]["value"]
    else:
        text = rec["output"]
    if len(text) >= n:
        write(line)
