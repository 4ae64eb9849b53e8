# Metadata that is a string, a number, an array or null is written back as
# JSON whenever a record is rewritten (--format, --pii redact, jsonl-split
# --format); --annotate cannot add to it, so it rejects the record with a
# reason rather than replace it.  Every line written must parse.
cat >in.jsonl <<'J'
{"prompt":"p1","completion":"c","metadata":"hello"}
{"prompt":"p2 a@b.example","completion":"c","metadata":42}
{"prompt":"p3","completion":"c","metadata":[1,"a"]}
{"prompt":"p4","completion":"c","metadata":null}
J
for args in "--format chat" "--pii redact"; do
	echo "jsonl-filter $args:"
	jsonl-filter $args in.jsonl | jq -c .metadata
done
echo "jsonl-split --format chat:"
jsonl-split -d sp --ratio 0.5 --format chat in.jsonl 2>/dev/null
cat sp/*.jsonl | jq -c .metadata | sort
echo "jsonl-filter --annotate:"
jsonl-filter --annotate --rejects rej.jsonl in.jsonl 2>err | jq -c .metadata
jq -c '[.line, .message]' rej.jsonl
