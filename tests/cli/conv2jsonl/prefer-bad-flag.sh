# --preferences takes pairs or kto, and is no --mode dialog.
conv2jsonl --preferences dpo x.json
conv2jsonl --preferences pairs --mode dialog x.json
