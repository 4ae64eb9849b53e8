#!/usr/bin/env python3
"""The Python peer of conv2jsonl: the seed's exporter loop, reconstructed
from its README (each user message paired with the assistant message right
after it, chat records with a system message and metadata).

usage: conv.py DIR
"""
import json
import pathlib
import sys

SYSTEM = "You are NOVA, a helpful AI assistant."


def main():
    write = sys.stdout.write
    for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.json")):
        with open(path, encoding="utf-8") as f:
            conv = json.load(f)
        msgs = conv.get("messages", [])
        for i in range(len(msgs) - 1):
            if msgs[i]["role"] == "user" and msgs[i + 1]["role"] == "assistant":
                rec = {"messages": [{"role": "system", "content": SYSTEM},
                                    {"role": "user", "content": msgs[i]["content"]},
                                    {"role": "assistant", "content": msgs[i + 1]["content"]}],
                       "metadata": {"source_file": path.name,
                                    "session_id": conv.get("session_id"),
                                    "timestamp": conv.get("timestamp")}}
                write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
