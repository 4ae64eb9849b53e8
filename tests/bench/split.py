#!/usr/bin/env python3
"""The Python peer of jsonl-split: a seeded 80/20 shuffle of the lines.

usage: split.py IN TRAIN VALIDATION
"""
import random
import sys

lines = open(sys.argv[1], encoding="utf-8").readlines()
random.Random(42).shuffle(lines)
cut = round(len(lines) * 0.8)
open(sys.argv[2], "w", encoding="utf-8").writelines(lines[:cut])
open(sys.argv[3], "w", encoding="utf-8").writelines(lines[cut:])
