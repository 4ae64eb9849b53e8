#!/usr/bin/env python3
"""Write a reproducible benchmark corpus of instruction records to stdout.

usage: corpus.py [RECORDS] [SEED]

Half Romanian, half English; about 10% exact repeats of an earlier prompt,
10% answers shorter than 50 characters; ~400 bytes a line.
"""
import json
import random
import sys

RO = ("modelul răspunde întrebării despre rețele neuronale și atenție "
      "căutarea semantică folosește vectori încorporați într-o bază de date "
      "asistentul își amintește conversațiile anterioare ale utilizatorului "
      "învățarea automată necesită date curate și bine etichetate "
      "transformatorul procesează întreaga secvență deodată prin straturi "
      "memoria cache reduce timpul de răspuns pentru întrebări similare "
      "limba română are diacritice precum ă â î ș ț").split()
EN = ("the model answers questions about neural networks and attention "
      "semantic search uses embedded vectors stored in a database "
      "the assistant remembers earlier conversations with the user "
      "machine learning needs clean and well labelled data "
      "a transformer processes the whole sequence at once through layers "
      "the cache cuts response time for similar questions "
      "fine tuning adapts a base model with low rank adapters").split()
Q_RO = ["Ce este {}?", "Explică {} în română", "Cum funcționează {}?",
        "De ce contează {}?"]
Q_EN = ["What is {}?", "Explain {} in simple terms", "How does {} work?",
        "Why does {} matter?"]


def sentence(rng, words, n):
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
    prompts = []
    out = sys.stdout
    for i in range(count):
        ro = i % 2 == 0
        words = RO if ro else EN
        if prompts and rng.random() < 0.10:
            prompt = rng.choice(prompts)
        else:
            topic = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
            prompt = rng.choice(Q_RO if ro else Q_EN).format(topic)
            prompts.append(prompt)
        if rng.random() < 0.10:
            completion = sentence(rng, words, rng.randint(1, 4))
        else:
            completion = " ".join(sentence(rng, words, rng.randint(6, 14))
                                  for _ in range(rng.randint(3, 6)))
        rec = {"id": "bench:%d" % i, "source": "synthetic", "prompt": prompt,
               "completion": completion,
               "metadata": {"lang": "ro" if ro else "en", "index": i}}
        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
