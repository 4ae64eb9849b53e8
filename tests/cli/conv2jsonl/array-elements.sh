# A file that is a JSON array is read one conversation at a time: a bad
# conversation is named at the line where it goes wrong and the others
# stand; bytes between conversations that are not JSON stop the file
# there; a list that begins with a message is one conversation.
cat >list.json <<'JSON'
[
  {"id": "c1", "messages": [
    {"role": "user", "content": "Which planet has the longest day?"},
    {"role": "assistant", "content": "Venus: one turn takes about 243 Earth days."}]},
  {"id": "c2", "messages": [
    {"role": "user", "content": "broken"},
    {"role": "assistant", "content": "a reply" "with no comma"}]},
  {"id": "c3", "messages": [
    {"role": "user", "content": "And the shortest?"},
    {"role": "assistant", "content": "Jupiter, in under ten hours."}]}
]
JSON
printf '[{"id":"d1","messages":[{"role":"user","content":"one"},{"role":"assistant","content":"first"}]}\n {"id":"d2","messages":[]}]\n' >nocomma.json
printf '[{"id":"e1","messages":[{"role":"user","content":"cut"},{"role":"assistant","content":"off"}]},\n' >cut.json
printf '[{"role":"user","content":"a bare list"},\n {"role":"assistant","content":"of messages"}]\n' >bare.json
printf '[{"id":"t1","messages":[{"role":"user","content":"then"},{"role":"assistant","content":"more"}]}]\n{"x":1}\n' >trailing.json
conv2jsonl --min-length 0 --rejects rej.jsonl list.json nocomma.json cut.json bare.json trailing.json
s=$?
jq -c '[.reason, .file, .line]' rej.jsonl
exit $s
