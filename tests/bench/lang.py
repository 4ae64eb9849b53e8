#!/usr/bin/env python3
"""The Python peer of jsonl-filter --lang ro,en: langdetect (Debian's
python3-langdetect) on prompt and completion together, seeded.

usage: lang.py < records.jsonl > kept.jsonl
"""
import json
import sys

from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0
write = sys.stdout.write
for line in sys.stdin:
    r = json.loads(line)
    text = r["prompt"] + "\n" + r["completion"]
    try:
        lang = detect(text) if len(text) >= 20 else "und"
    except LangDetectException:
        lang = "und"
    if lang in ("ro", "en"):
        write(line)
