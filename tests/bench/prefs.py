#!/usr/bin/env python3
"""Rewrite corpus.py's records as preference records, next to the chat
records the same answers make.

usage: corpus.py N | prefs.py SHAPE > out.jsonl

SHAPE is one of
  chat-compact  {"messages": [system, user, assistant], "metadata"}
  chat-dumps    the same as json.dumps writes it
  pair-compact  the neutral pair: the record's answer chosen, the answer
                of the record before it rejected, metadata as conv2jsonl
                --preferences writes it
  pair-dumps    the same as json.dumps writes it
  kto-compact   the neutral KTO record: the answer, labelled good or bad
  kto-dumps     the same as json.dumps writes it
A pair holds one answer more than a chat record: its lines are longer.
"""
import json
import sys

SYSTEM = "You are NOVA, a helpful AI assistant."


def main():
    shape = sys.argv[1]
    seps = (",", ":") if shape.endswith("-compact") else (", ", ": ")
    prev = "I do not know."
    for i, line in enumerate(sys.stdin):
        rec = json.loads(line)
        if shape.startswith("chat"):
            out = {"messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": rec["prompt"]},
                {"role": "assistant", "content": rec["completion"]}],
                "metadata": rec["metadata"]}
        elif shape.startswith("pair"):
            out = {"id": "pair:%d" % i, "source": "conversation",
                   "system": SYSTEM, "prompt": rec["prompt"],
                   "chosen": rec["completion"], "rejected": prev,
                   "metadata": {"preference": "regenerated",
                                "chosen_id": "m%d" % (2 * i + 1),
                                "rejected_id": "m%d" % (2 * i),
                                "session_id": "s%d" % (i // 10),
                                "lang": rec["metadata"]["lang"]}}
        else:
            out = {"id": "kto:%d" % i, "source": "conversation",
                   "system": SYSTEM, "prompt": rec["prompt"],
                   "completion": rec["completion"], "label": i % 3 != 0,
                   "metadata": {"preference": "rating",
                                "message_id": "m%d" % i,
                                "lang": rec["metadata"]["lang"]}}
        prev = rec["completion"]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, separators=seps))
        sys.stdout.write("\n")


if __name__ == "__main__":
    main()
