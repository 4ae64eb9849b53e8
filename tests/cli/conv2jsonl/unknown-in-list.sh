# A conversation of no known shape in a list is named once by its place,
# at the line where it begins.
printf '%s\n' '[{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]},{"foo":1}]' >list.json
conv2jsonl --min-length 0 list.json
