#!/usr/bin/env python3
"""Rewrite corpus.py's records in the shapes real tools write.

usage: corpus.py N | shapes.py SHAPE > out.jsonl

SHAPE is one of
  neutral-compact  the records as they are (what nova-export writes)
  neutral-dumps    the same as Python's json.dumps writes them by default
                   (", " and ": " separators), metadata nested one level
                   deeper, as the seed's own files are
  chat-compact     {"messages": [system, user, assistant], "metadata"}
  chat-dumps       the same with json.dumps' default separators, as the
                   seed's conversation export and OpenAI-style files are
  alpaca-compact   {"instruction", "input": "", "output", "system", "metadata"}
  alpaca-dumps     the same as json.dumps writes it (LLaMA-Factory's files)
  sharegpt-compact {"conversations": [system, human, gpt], "metadata"}
  sharegpt-dumps   the same as json.dumps writes it
"""
import json
import sys

SYSTEM = "You are NOVA, a helpful AI assistant."


def main():
    shape = sys.argv[1]
    compact = shape.endswith("-compact")
    seps = (",", ":") if compact else (", ", ": ")
    for line in sys.stdin:
        rec = json.loads(line)
        meta = rec["metadata"]
        if not compact:
            meta = {"type": "synthetic", "source": {"tool": "corpus.py",
                    "index": meta["index"]}, "lang": meta["lang"],
                    "tags": ["bench", meta["lang"]]}
        if shape.startswith("alpaca"):
            rec = {"instruction": rec["prompt"], "input": "",
                   "output": rec["completion"], "system": SYSTEM,
                   "metadata": meta}
        elif shape.startswith("sharegpt"):
            rec = {"conversations": [
                {"from": "system", "value": SYSTEM},
                {"from": "human", "value": rec["prompt"]},
                {"from": "gpt", "value": rec["completion"]}],
                "metadata": meta}
        elif shape.startswith("chat"):
            rec = {"messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": rec["prompt"]},
                {"role": "assistant", "content": rec["completion"]}],
                "metadata": meta}
        else:
            rec["metadata"] = meta
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, separators=seps))
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
