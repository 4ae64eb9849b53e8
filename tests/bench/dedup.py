#!/usr/bin/env python3
"""Python peers of jsonl-filter --dedup.

usage: dedup.py exact|near < records.jsonl > kept.jsonl

exact: a set of normalised prompts (NFKC, case fold, marks stripped,
punctuation and white space collapsed).  near: a straightforward MinHash
LSH with jsonl-filter's parameters (5-character shingles, 128 hashes in 16
bands of 8 rows, Jaccard 0.8 confirmed on the shingle sets).
"""
import json
import re
import sys
import unicodedata
import zlib

MASK = (1 << 64) - 1
SEEDS = [(0x9E3779B97F4A7C15 * (i + 1)) & MASK | 1 for i in range(128)]


def normalise(s):
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", s).casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", s).split())


def mix(x):
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def shingles(s):
    if len(s) <= 5:
        return {zlib.crc32(s.encode())}
    return {zlib.crc32(s[i:i + 5].encode()) for i in range(len(s) - 4)}


def main():
    mode = sys.argv[1]
    write = sys.stdout.write
    seen = set()
    buckets = [dict() for _ in range(16)]
    sets = []
    for line in sys.stdin:
        key = normalise(json.loads(line)["prompt"])
        if mode == "exact":
            if key in seen:
                continue
            seen.add(key)
            write(line)
            continue
        sh = shingles(key)
        sig = [min(mix(h ^ s) for h in sh) for s in SEEDS]
        bands = [hash(tuple(sig[b * 8:(b + 1) * 8])) for b in range(16)]
        dup = False
        for b in range(16):
            for e in buckets[b].get(bands[b], ()):
                o = sets[e]
                if len(sh & o) / len(sh | o) >= 0.8:
                    dup = True
                    break
            if dup:
                break
        if dup:
            continue
        sets.append(sh)
        for b in range(16):
            buckets[b].setdefault(bands[b], []).append(len(sets) - 1)
        write(line)


if __name__ == "__main__":
    main()
