# --shuffle places records one by one: it would part the preferences of
# one prompt, so a preference record stops the run.
jsonl-split --shuffle -d out "$FIXTURES/split-prefs/kto.jsonl"
