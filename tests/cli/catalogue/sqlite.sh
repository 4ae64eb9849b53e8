# The bad-input catalogue for cache2jsonl's stores: each case is a copy of
# the example store (written by a real Chroma) damaged as the table says
# (the file itself, or one entry's text through sqlite3).  For each: the
# exit status, the records written, the rejects with their reasons (and
# whether the exact bytes were kept), the first message, and whether the
# next stage (jsonl-filter --strict) takes every record written; the
# example store itself is never touched.
store() { rm -rf s && cp -r "$FIXTURES/chroma/example" s && chmod -R u+w s; }
db=s/chroma.sqlite3
size=$(wc -c <"$FIXTURES/chroma/example/chroma.sqlite3")
text() { # set entry 1's value of key k to the SQL expression v
	sqlite3 $db "update embedding_metadata set string_value = $2
		where id = 1 and key = '$1';"
}
garble() { # overwrite n bytes at offset o with 0xA5
	head -c "$2" /dev/zero | tr '\0' '\245' |
		dd of=$db bs=1 seek="$1" conv=notrunc status=none
}

while IFS='|' read -r name make; do
	[ -n "$name" ] || continue
	store
	eval "$make"
	: >rej.jsonl
	cache2jsonl --persist-dir s --rejects rej.jsonl >out 2>err
	st=$?
	echo "$name: status $st, $(wc -l <out) records," \
		"$(wc -l <rej.jsonl) rejected" \
		"$(jq -r '"(\(.reason)\(if .raw_base64 then ", bytes kept" else "" end))"' \
			rej.jsonl | tr '\n' ' ')"
	[ -s err ] && echo "    $(head -n 1 err)"
	jsonl-filter --strict out >/dev/null 2>&1 ||
		echo "    the next stage refuses what was written"
done <<'TABLE'
the example|:
truncated to half|truncate -s $((size / 2)) $db
truncated to 100 bytes|truncate -s 100 $db
empty file|: >$db
header garbled|garble 0 100
pages garbled|garble 8192 65536
not SQLite|printf 'SQLite format 2\n' >$db
not a Chroma store (another program's SQLite)|cp "$FIXTURES/chroma/bad/not-chroma/chroma.sqlite3" $db
no chroma.sqlite3|rm $db
a folder in its place|rm $db; mkdir $db
a document with a NUL byte|text chroma:document "'Q: a' || char(0) || char(10) || 'A: b'"
a document not UTF-8|text chroma:document "'Q: caf' || CAST(X'E9' AS TEXT) || char(10) || 'A: b'"
a metadata value not UTF-8|text question "'caf' || CAST(X'E9' AS TEXT)"
a metadata segment with a NULL id|sqlite3 $db "update segments set id = NULL where scope = 'METADATA'"
a metadata value with a NUL byte|text source "'a' || char(0) || 'b'"
a metadata key not UTF-8|sqlite3 $db "update embedding_metadata set key = 'caf' || CAST(X'E9' AS TEXT) where id = 1 and key = 'source'"
a metadata value of +Inf|sqlite3 $db "update embedding_metadata set string_value = NULL, float_value = 9e999 where id = 1 and key = 'source'"
the document also in the list table|sqlite3 $db "insert into embedding_metadata_array values (1, 'chroma:document', 'Q: x', NULL, NULL, NULL)"
a key both a value and a list|sqlite3 $db "insert into embedding_metadata_array values (1, 'source', 'other', NULL, NULL, NULL)"
TABLE
