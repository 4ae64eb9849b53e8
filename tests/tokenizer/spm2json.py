#!/usr/bin/env python3
"""Write a SentencePiece Unigram .model as a Hugging Face tokenizer.json.

usage: spm2json.py MODEL > tokenizer.json

What the transformers library's converter (SpmConverter) writes for such a
model: the pieces and their scores as a Unigram model (byte fallback when
the model has byte pieces), the model's precompiled normalization rules
(base64) followed by a right strip and runs of two or more spaces made one
U+2581, and a Metaspace pre-tokenizer that puts U+2581 before every word.
Control and user-defined pieces are added tokens.  The .model file is a
protocol buffer; the few fields needed are read here without the protobuf
library.
"""
import base64
import json
import struct
import sys


def varint(b, i):
    n = shift = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return n, i


def fields(b):
    """(field number, wire type, value) of each field of a message."""
    i = 0
    while i < len(b):
        key, i = varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(b, i)
        elif wt == 1:
            v, i = b[i:i + 8], i + 8
        elif wt == 2:
            n, i = varint(b, i)
            v, i = b[i:i + n], i + n
        elif wt == 5:
            v, i = b[i:i + 4], i + 4
        else:
            raise ValueError("wire type %d not supported" % wt)
        yield num, wt, v


def main():
    data = open(sys.argv[1], "rb").read()
    pieces, charsmap, model_type = [], b"", 1
    for num, _, v in fields(data):
        if num == 1:  # SentencePiece: piece, score, type (1 normal)
            p = {1: b"", 2: 0.0, 3: 1}
            for n, _, x in fields(v):
                p[n] = struct.unpack("<f", x)[0] if n == 2 else x
            pieces.append((p[1].decode("utf-8"), p[2], p[3]))
        elif num == 2:  # TrainerSpec: model_type (1 Unigram)
            for n, _, x in fields(v):
                if n == 3:
                    model_type = x
        elif num == 3:  # NormalizerSpec: precompiled_charsmap
            for n, _, x in fields(v):
                if n == 2:
                    charsmap = x
    if model_type != 1:
        sys.exit("spm2json: not a Unigram model")
    unk_id = next(i for i, p in enumerate(pieces) if p[2] == 2)
    byte_fallback = any(p[2] == 6 for p in pieces)
    added = [{"id": i, "content": p[0], "single_word": False, "lstrip": False,
              "rstrip": False, "normalized": p[2] == 4, "special": p[2] != 4}
             for i, p in enumerate(pieces) if p[2] in (2, 3, 4)]
    norms = [{"type": "Strip", "strip_left": False, "strip_right": True},
             {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": "\u2581"}]
    if charsmap:
        norms.insert(0, {"type": "Precompiled",
                         "precompiled_charsmap": base64.b64encode(charsmap).decode()})
    out = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": norms},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581",
                          "add_prefix_space": True, "prepend_scheme": "always",
                          "split": True},
        "post_processor": None,
        "decoder": {"type": "Metaspace", "replacement": "\u2581",
                    "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": unk_id,
                  "vocab": [[p[0], float(p[1])] for p in pieces],
                  "byte_fallback": byte_fallback},
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


main()
