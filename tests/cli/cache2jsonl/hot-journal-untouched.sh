# reading never rolls the journal back: both files stay as they were
d="$FIXTURES/chroma/bad/hot-journal"
a=$(cat "$d/chroma.sqlite3" "$d/chroma.sqlite3-journal" | cksum)
cache2jsonl --persist-dir "$d" 2>/dev/null
b=$(cat "$d/chroma.sqlite3" "$d/chroma.sqlite3-journal" | cksum)
[ "$a" = "$b" ] && echo untouched
