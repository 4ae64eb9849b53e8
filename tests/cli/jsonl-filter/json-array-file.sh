# A JSON array file (LLaMA-Factory's data folder) given as JSON Lines: one
# message for the file, not one for each of its lines.
printf '[\n  {\n    "instruction": "Say hi.",\n    "input": "",\n    "output": "Hi."\n  }\n]\n' >alpaca.json
printf '{"prompt":"q","completion":"a"}\n' >good.jsonl
jsonl-filter --stats alpaca.json good.jsonl
