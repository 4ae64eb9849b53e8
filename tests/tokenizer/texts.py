#!/usr/bin/env python3
"""Write the tokenizer test texts, one JSON string a line, to stdout.

usage: texts.py FIXTURES_DIR [COUNT] [SEED]

Every string found in the project's fixtures (JSON and JSONL files), the
benchmark corpus' Romanian and English words, and variants made from
them: emoji (with skin tones, flags and joiners), Romanian diacritics in
their comma-below, cedilla and decomposed forms, runs of spaces, tabs and
newlines, code, numbers, contractions, and long texts made of many.
Reproducible: the same seed gives the same texts.
"""
import json
import os
import random
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
import corpus  # noqa: E402  the benchmark's word lists

EMOJI = ["😀", "👍🏽", "🇷🇴", "👨‍👩‍👧", "❤️", "🤖", "✅", "🚀", "🙂", "🔥🔥🔥", "☕"]
CODE = [
    "int main(void) {\n\treturn 0;\n}\n",
    "def f(x):\n    return x ** 2  # pătratul\n",
    '{"prompt": "Ce este RAG?", "completion": "..."}',
    "for (i = 0; i < n; i++)\n\t\tsum += a[i];",
    "$ jsonl-filter --max-tokens 1024 data.jsonl > out.jsonl 2>&1",
    "SELECT id, prompt FROM cache WHERE ts >= '2026-01-01';",
    "if err != nil {\n        return fmt.Errorf(\"open %s: %w\", path, err)\n    }",
    "    x = [1, 2, 3]\n\n\n    y = {k: v for k, v in d.items()}",
    "<div class=\"răspuns\">Bună ziua!</div>",
    "const t = await fetch(url); // 200 OK\r\n",
]
SPACES = ["  ", "   ", "    ", " " * 8, " " * 17, " " * 40, "\t", "\t\t",
          "\n", "\n\n", "\n\n\n\n", "\r\n", " \n ", "\u00a0", "\u3000",
          "\ufeff", "\u2009", "\u200b", "\u0085"]
OTHER = ["don't", "I'LL", "it's", "We'Re", "they've", "O'Neil", "1234567890",
         "3.14159", "0722 123 456", "2026-12-01T21:38:34Z", "100%", "#1",
         "<|im_start|>", "<|endoftext|>", "<s>", "</s>", "<bos>", "[INST]",
         "ﬁ", "Ⅻ", "①", "ｆｕｌｌ", "Å", "ﬀ", "ß", "İstanbul", "ΑΒΓ", "Привет",
         "日本語のテキスト", "中文", "한국어", "עברית", "العربية", "ǅ", "ſ"]


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def fixture_strings(root):
    seen = set()
    for dirpath, dirs, files in os.walk(root):
        # In order, and not the tokenizer made from these texts.
        dirs[:] = sorted(d for d in dirs if d != "tokenizer")
        for name in sorted(files):
            if not name.endswith((".json", ".jsonl")):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8",
                      errors="replace") as f:
                data = f.read()
            docs = []
            try:
                docs.append(json.loads(data))
            except ValueError:
                for line in data.splitlines():
                    try:
                        docs.append(json.loads(line))
                    except ValueError:
                        pass
            for doc in docs:
                for s in strings(doc):
                    if s and s not in seen and "\x00" not in s:
                        seen.add(s)
                        yield s


def cedilla(s):
    return s.replace("ș", "ş").replace("ț", "ţ").replace("Ș", "Ş").replace("Ț", "Ţ")


def variant(rng, base, pool):
    kind = rng.randrange(12)
    s = base
    if kind == 0:
        return s
    if kind == 1:
        return unicodedata.normalize("NFD", s)
    if kind == 2:
        return cedilla(s)
    if kind == 3:
        words = s.split(" ")
        i = rng.randrange(len(words) + 1)
        words.insert(i, rng.choice(EMOJI))
        return " ".join(words)
    if kind == 4:
        return rng.choice(SPACES).join(s.split(" "))
    if kind == 5:
        return rng.choice(SPACES) + s + rng.choice(SPACES)
    if kind == 6:
        return s + "\n\n" + rng.choice(CODE)
    if kind == 7:
        return s.upper() if rng.random() < 0.5 else s.lower()
    if kind == 8:
        return s + " " + rng.choice(OTHER) + " " + rng.choice(OTHER)
    if kind == 9:
        n = rng.randrange(2, 30)
        return rng.choice(["\n", " ", "\n\n", ""]).join(
            rng.choice(pool) for _ in range(n))
    if kind == 10:
        return "".join(rng.choice([c, c + rng.choice(SPACES)]) for c in s[:200])
    return s + rng.choice(EMOJI) * rng.randrange(1, 4)


def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 6000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20)
    pool = list(fixture_strings(root))
    words_ro = corpus.RO
    words_en = corpus.EN
    for _ in range(300):
        words = words_ro if rng.random() < 0.5 else words_en
        pool.append(" ".join(rng.choice(words) for _ in range(rng.randrange(1, 40))))
    pool += CODE + OTHER + EMOJI + SPACES
    out = []
    for s in pool:
        out.append(s)
    while len(out) < count:
        out.append(variant(rng, rng.choice(pool), pool))
    for s in out[:max(count, len(pool))]:
        sys.stdout.write(json.dumps(s, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
