#!/usr/bin/env python3
"""The Python peer of synthgen: the seed's generator loop, reconstructed from
its README (12 hard-coded pairs cycled, half Romanian and half English, a
random conversational prefix with --add-noise, one json.dumps a record).

usage: synth.py COUNT [--add-noise]
"""
import datetime
import json
import random
import sys

PAIRS = [
    ("Cine ești?", "Sunt NOVA, un asistent AI bilingv creat de Cezar, Grădinarul și Sora. Te pot ajuta cu întrebări despre inteligență artificială, cu texte și cu ideile tale, în română sau în engleză."),
    ("Who are you?", "I am NOVA, a bilingual AI assistant created by Cezar, the Gardener and Sora. I can help with questions about artificial intelligence, with writing and with your ideas, in Romanian or in English."),
    ("Ce este RAG?", "RAG (Retrieval-Augmented Generation) combină căutarea cu generarea de text: întâi caut pasajele relevante în baza de cunoștințe, apoi modelul răspunde sprijinindu-se pe ele."),
    ("What is RAG?", "RAG (Retrieval-Augmented Generation) combines search with text generation: first I look up the relevant passages in the knowledge base, then the model answers by leaning on them."),
    ("Ce este un cache semantic?", "Un cache semantic păstrează perechi întrebare–răspuns împreună cu vectorul întrebării și refolosește răspunsul când o întrebare nouă este apropiată ca sens."),
    ("What is a semantic cache?", "A semantic cache keeps question–answer pairs with the question's vector and reuses the answer when a new question is close in meaning."),
    ("Ce este un transformer?", "Transformerul este o arhitectură de rețea neuronală bazată pe atenție, care procesează toată secvența deodată, nu cuvânt cu cuvânt."),
    ("What is a transformer in AI?", "A transformer is a neural network architecture built on attention, which processes the whole sequence at once rather than word by word."),
    ("Cum funcționează atenția?", "Mecanismul de atenție calculează, pentru fiecare cuvânt, cât de relevant este fiecare alt cuvânt, folosind vectori de interogare, cheie și valoare."),
    ("How does attention work?", "The attention mechanism computes, for every word, how relevant each other word is, using query, key and value vectors."),
    ("Ce este Ollama?", "Ollama rulează modele deschise local, pe calculatorul tău, fără internet; îl folosesc alături de Claude și Mistral."),
    ("What is Ollama?", "Ollama runs open models locally, on your own computer, without the internet; I use it alongside Claude and Mistral."),
]
PREFIXES = ["Poți să-mi spui ", "Vreau să știu ", "M-ar interesa ",
            "Tell me ", "I'd like to know ", "Can you explain "]


def main():
    count = int(sys.argv[1])
    noise = "--add-noise" in sys.argv
    rng = random.Random(42)
    write = sys.stdout.write
    for i in range(count):
        prompt, completion = PAIRS[i % len(PAIRS)]
        if noise and rng.random() < 0.5:
            prompt = rng.choice(PREFIXES) + prompt[0].lower() + prompt[1:]
        rec = {"prompt": prompt, "completion": completion,
               "metadata": {"type": "synthetic",
                            "generated_at": datetime.datetime.now().isoformat(),
                            "index": i}}
        write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
