#!/usr/bin/env python3
"""Write one long, branchy conversation to FILE, as SHAPE's export holds it:
a shown path of MESSAGES messages (user and assistant in turn), where a
share REGEN of the replies has a sibling regenerated away, and every 25th
question was edited once, its first version followed by an abandoned
branch of 10 exchanges with regenerations of its own.  Text is made up
here from a small word list (reproducible).

SHAPE is chatgpt (a mapping to current_node), claude (chat_messages
linked by parent_message_uuid, the newest leaf shown) or librechat (a
flat list linked by parentMessageId, the newest child shown).

usage: deep-conv.py FILE [MESSAGES] [REGEN] [SHAPE]
"""
import importlib.util
import json
import os
import random
import sys

# the word list and sentences of chatgpt-export.py
_spec = importlib.util.spec_from_file_location(
    "chatgpt_export",
    os.path.join(os.path.dirname(os.path.abspath(__file__)),
                 "chatgpt-export.py"))
_export = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_export)
text = _export.text


class Tree:
    def __init__(self, rng, regen):
        self.rng, self.regen = rng, regen
        self.nodes = []  # (id, parent, role, text, time), parents first

    def add(self, parent, role, body):
        nid = "m%d" % len(self.nodes)
        self.nodes.append((nid, parent, role, body, len(self.nodes)))
        return nid

    def exchange(self, parent):
        """A question and its reply (maybe regenerated first): the reply."""
        rng = self.rng
        q = self.add(parent, "user", text(rng, rng.randint(8, 30)) + "?")
        if rng.random() < self.regen:
            self.add(q, "assistant", text(rng, rng.randint(20, 60)))
        return self.add(q, "assistant", text(rng, rng.randint(20, 60)))

    def grow(self, messages):
        """The shown path; abandoned branches made before their fork's
        kept side, so the kept one is the newest."""
        at = None
        for k in range(messages // 2):
            if k % 25 == 24:
                side = at
                for _ in range(10):
                    side = self.exchange(side)
            at = self.exchange(at)
        return at


def chatgpt(t, leaf):
    mapping = {"root": {"id": "root", "message": None, "parent": None,
                        "children": []}}
    for nid, parent, role, body, time in t.nodes:
        parent = parent or "root"
        mapping[nid] = {
            "id": nid, "parent": parent, "children": [],
            "message": {"id": nid, "author": {"role": role, "name": None,
                                              "metadata": {}},
                        "create_time": 1700000000.0 + time,
                        "content": {"content_type": "text", "parts": [body]},
                        "status": "finished_successfully", "end_turn": True,
                        "weight": 1.0, "metadata": {}, "recipient": "all"}}
        mapping[parent]["children"].append(nid)
    return [{"title": "A long one", "create_time": 1700000000.0,
             "update_time": 1700000000.0 + len(t.nodes), "mapping": mapping,
             "current_node": leaf, "conversation_id": "deep", "id": "deep"}]


def stamp(time):
    return "2026-01-%02dT%02d:%02d:%02d.000000Z" % (
        1 + time // 86400, time // 3600 % 24, time // 60 % 60, time % 60)


def claude(t, leaf):
    root = "00000000-0000-4000-8000-000000000000"
    msgs = [{"uuid": nid, "text": body,
             "content": [{"type": "text", "text": body, "citations": []}],
             "sender": "human" if role == "user" else "assistant",
             "index": i, "created_at": stamp(time), "updated_at": stamp(time),
             "truncated": False, "attachments": [], "files": [],
             "parent_message_uuid": parent or root}
            for i, (nid, parent, role, body, time) in enumerate(t.nodes)]
    return [{"uuid": "deep", "name": "A long one", "created_at": stamp(0),
             "updated_at": stamp(len(t.nodes)), "chat_messages": msgs}]


def librechat(t, leaf):
    root = "00000000-0000-0000-0000-000000000000"
    msgs = [{"messageId": nid, "conversationId": "deep",
             "createdAt": stamp(time), "error": False,
             "isCreatedByUser": role == "user", "parentMessageId":
             parent or root, "sender": "User" if role == "user" else "AI",
             "text": body, "unfinished": False}
            for nid, parent, role, body, time in t.nodes]
    return {"conversationId": "deep", "title": "A long one",
            "messages": msgs}


def main():
    path = sys.argv[1]
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    regen = float(sys.argv[3]) if len(sys.argv) > 3 else 0.3
    shape = sys.argv[4] if len(sys.argv) > 4 else "chatgpt"
    t = Tree(random.Random(22), regen)
    leaf = t.grow(messages)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"chatgpt": chatgpt, "claude": claude,
                   "librechat": librechat}[shape](t, leaf), f,
                  ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()
