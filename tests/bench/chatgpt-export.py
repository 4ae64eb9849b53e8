#!/usr/bin/env python3
"""Write a ChatGPT-shaped conversations.json of about MB megabytes to FILE:
a JSON array of conversations, each a mapping of message nodes from a root
to current_node, as the app exports them.  Text is made up here from a
small word list (reproducible), written compactly on one line as the app
does.

With REGEN (0 to 1), that share of the replies has a sibling the user
regenerated away, drawn from a randomness of its own, so that the shown
path is the same file as without.

usage: chatgpt-export.py FILE [MB] [REGEN]
"""
import json
import random
import sys

WORDS = ("the model reads each conversation once and keeps only what it "
         "needs a reply explains how attention weighs every token against "
         "the others modelul răspunde întrebării despre rețele neuronale "
         "căutarea semantică folosește vectori încorporați").split()


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def node(nid, parent, role, body, t):
    msg = None
    if role is not None:
        msg = {"id": nid, "author": {"role": role, "name": None,
                                     "metadata": {}},
               "create_time": t, "update_time": None,
               "content": {"content_type": "text", "parts": [body]},
               "status": "finished_successfully", "end_turn": True,
               "weight": 1.0, "metadata": {}, "recipient": "all"}
    return {"id": nid, "message": msg, "parent": parent, "children": []}


def conversation(rng, i, regen=0.0, rr=None):
    cid = "%08x-0000-4000-8000-%012x" % (i, i)
    mapping = {}
    root = "root-%d" % i
    mapping[root] = node(root, None, None, None, None)
    parent, t = root, 1700000000.0 + i * 3600
    for k in range(2 * rng.randint(6, 14)):
        nid = "%s-%d" % (cid, k)
        if k % 2 == 0:
            body = text(rng, rng.randint(8, 40)) + "?"
        else:
            body = "\n\n".join(text(rng, rng.randint(30, 90))
                               for _ in range(rng.randint(2, 6)))
        mapping[nid] = node(nid, parent, "user" if k % 2 == 0 else
                            "assistant", body, t + k)
        if k % 2 == 1 and regen > 0 and rr.random() < regen:
            alt = nid + "-regenerated"
            mapping[alt] = node(alt, parent, "assistant",
                                text(rr, rr.randint(30, 90)), t + k)
            mapping[parent]["children"].append(alt)
        mapping[parent]["children"].append(nid)
        parent = nid
    return {"title": text(rng, 4), "create_time": t, "update_time": t + 60,
            "mapping": mapping, "moderation_results": [],
            "current_node": parent, "conversation_id": cid, "id": cid}


def main():
    path = sys.argv[1]
    target = int(sys.argv[2] if len(sys.argv) > 2 else 200) << 20
    regen = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    rng, rr = random.Random(16), random.Random(17)
    size, i = 1, 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("[")
        while size < target:
            s = json.dumps(conversation(rng, i, regen, rr), ensure_ascii=False,
                           separators=(",", ":"))
            if i > 0:
                f.write(",")
            f.write(s)
            size += len(s.encode()) + 1
            i += 1
        f.write("]")
    print(i, file=sys.stderr)


if __name__ == "__main__":
    main()
