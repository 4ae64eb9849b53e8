# LLaMA-Factory's JSON arrays: Alpaca records (with system and history)
# read as conversations; a multimodal file's <image> turn is media.
cd "$FIXTURES/exports" || exit 1
conv2jsonl --min-length 0 --stats --context 2 alpaca-array.json sharegpt-images.json
