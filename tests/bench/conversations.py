#!/usr/bin/env python3
"""Write N Nova session files of ~20 messages into DIR (reproducible).

usage: conversations.py DIR [N]
"""
import json
import os
import random
import sys

WORDS = ("modelul răspunde întrebării despre rețele neuronale și atenție "
         "the assistant remembers earlier conversations with the user "
         "căutarea semantică folosește vectori încorporați "
         "a transformer processes the whole sequence at once").split()


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    rng = random.Random(7)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        msgs = []
        for t in range(10):
            msgs.append({"role": "user", "content": text(rng, rng.randint(5, 15)) + "?"})
            msgs.append({"role": "assistant", "content": " ".join(text(rng, rng.randint(8, 20)) for _ in range(3))})
        session = {"session_id": "2026%04d_%06d" % (i // 1000, i),
                   "timestamp": "2026-01-02T11:09:01.%06d" % i,
                   "message_count": len(msgs), "messages": msgs}
        with open(os.path.join(out, "session_%05d.json" % i), "w", encoding="utf-8") as f:
            json.dump(session, f, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
