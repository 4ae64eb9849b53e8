# the seed's defaults: answers under 50 characters left out (named in the
# rejects), --min-length 0 keeps them; the completion text has no system block
printf '%s\n' '{"messages":[{"role":"user","content":"Cine ești?"},{"role":"assistant","content":"NOVA."},{"role":"user","content":"Și ce știi să faci?"},{"role":"assistant","content":"Răspund în română și în engleză și îmi amintesc ce am vorbit."}]}' > s.jsonl
conv2jsonl --rejects r.jsonl s.jsonl | jq -r .completion
jq -c '[.reason, .file]' r.jsonl
conv2jsonl --min-length 0 s.jsonl | jq -r .completion
conv2jsonl --format completion --min-length 0 s.jsonl | jq -r .text | head -n 2
conv2jsonl --format completion-system s.jsonl | jq -r .text | head -n 2
