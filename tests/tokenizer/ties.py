#!/usr/bin/env python3
"""Of the texts where a Unigram model's ids differ, print those that are
real differences, one line number a line.

usage: ties.py TOKENIZER_JSON REF OURS LINE...

REF and OURS hold "count id id ..." a line.  Two splits of one text into
the model's pieces whose scores add up to exactly the same number (each
score read as the decimal the file writes, summed without rounding) are
a tie: which one wins then rests on rounding in the last bit of a
double, and the reference breaks some such ties the other way (both run
the same search; the scores as parsed may differ in that bit).  A tie is
no difference in the count; anything else (other counts, other text,
unknown or byte pieces) is.
"""
import decimal
import json
import sys

decimal.getcontext().prec = 200
model = json.load(open(sys.argv[1], encoding="utf-8"),
                  parse_float=decimal.Decimal)["model"]
vocab = model["vocab"]
unk = model.get("unk_id")
ref = open(sys.argv[2], encoding="utf-8").read().split("\n")
ours = open(sys.argv[3], encoding="utf-8").read().split("\n")


def split(line):
    ids = [int(x) for x in line.split()]
    return ids[0], ids[1:]


def tie(a, b):
    (na, ia), (nb, ib) = split(a), split(b)
    if na != nb or not ia or len(ia) != na or len(ib) != nb:
        return False
    for i in ia + ib:
        piece = vocab[i][0]
        if i == unk or (piece.startswith("<0x") and piece.endswith(">")):
            return False
    if "".join(vocab[i][0] for i in ia) != "".join(vocab[i][0] for i in ib):
        return False
    return sum(vocab[i][1] for i in ia) == sum(vocab[i][1] for i in ib)


for n in sys.argv[4:]:
    k = int(n) - 1
    if not tie(ref[k], ours[k]):
        print(n)
