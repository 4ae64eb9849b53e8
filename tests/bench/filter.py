#!/usr/bin/env python3
"""The Python peer of `jsonl-filter --min-length N`: a plain json loop."""
import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
write = sys.stdout.write
for line in sys.stdin:
    if line.strip() and len(json.loads(line)["completion"]) >= n:
        write(line)
