# The preference files users have, as neutral pairs and KTO records: TRL's
# conversational records (explicit and implicit prompt, unpaired), LLaMA-
# Factory's Alpaca and ShareGPT ranking and KTO records, OpenAI's
# preference line; what cannot be read faithfully is rejected with why.
cat > in.jsonl <<'X'
{"prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"Name a prime number."}],"chosen":[{"role":"assistant","content":"7."}],"rejected":[{"role":"assistant","content":"9."}]}
{"chosen":[{"role":"user","content":"Hi there"},{"role":"assistant","content":"Hello! What can I do for you?"}],"rejected":[{"role":"user","content":"Hi there"},{"role":"assistant","content":"What?"}]}
{"prompt":[{"role":"user","content":"Is the sea salty?"}],"completion":[{"role":"assistant","content":"Yes, it is."}],"label":true}
{"instruction":"Translate to French:","input":"good morning","chosen":"bonjour","rejected":"bonsoir"}
{"conversations":[{"from":"human","value":"Write a haiku about rain."},{"from":"gpt","value":"Grey sky, soft drumming."},{"from":"human","value":"Shorter, please."}],"chosen":{"from":"gpt","value":"Rain taps."},"rejected":{"from":"gpt","value":"Grey sky, soft drumming, puddles on the road."}}
{"messages":[{"role":"user","content":"Is 1 a prime?"},{"role":"assistant","content":"Yes."}],"label":false}
{"input":{"messages":[{"role":"user","content":"Capital of Italy?"}]},"preferred_output":[{"role":"assistant","content":"Rome."}],"non_preferred_output":[{"role":"assistant","content":"Milan."}]}
{"chosen":"The sky is blue.","rejected":"The sky is green."}
{"prompt":"Capital of Spain?","chosen":[{"role":"assistant","content":"Madrid."}],"rejected":[{"role":"assistant","content":"Seville."}]}
{"prompt":"Is 2 even?","completion":"Yes.","label":1}
X
jsonl-filter --format neutral --rejects rej.jsonl in.jsonl; s=$?
jq -r '[.reason, .line, .message] | @tsv' rej.jsonl; exit $s
