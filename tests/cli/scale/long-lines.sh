# Lines past the default limit of 64 MiB (too slow for valgrind, hence
# here).  jsonl-split reads train back whole when it moves records to
# validation (--min-valid): a line under --max-line-bytes but longer than
# the default once reformatted.  cache2jsonl rejects a record whose line
# the next stage would refuse, rather than write it.
{
	printf '{"prompt":"'
	head -c $((67 << 20)) /dev/zero | tr '\0' p
	printf '","completion":"c"}\n'
	for i in 0 1 2 3 4 5 6 7 8; do
		printf '{"prompt":"q%s","completion":"c"}\n' $i
	done
} >long.jsonl
jsonl-split -d sp --ratios 99,1 --format chat --max-line-bytes 80000000 \
	long.jsonl 2>err
echo "jsonl-split, a 67 MB line and --min-valid: status $?;" \
	"train $(wc -l <sp/train.jsonl) lines, $(wc -c <sp/train.jsonl) bytes;" \
	"validation $(wc -l <sp/validation.jsonl) lines"
sed 's/^/    /' err
rm -rf long.jsonl sp

cp -r "$FIXTURES/chroma/example" s && chmod -R u+w s
sqlite3 s/chroma.sqlite3 "update embedding_metadata set string_value =
	'Q: q' || char(10) || 'A: ' || printf('%.*c', 67108864, 'a')
	where id = 1 and key = 'chroma:document'"
cache2jsonl --persist-dir s --rejects rej.jsonl >out 2>err
echo "cache2jsonl, a 64 MiB answer: status $?, $(wc -l <out) records," \
	"$(jq -r .reason rej.jsonl) rejected"
sed 's/^/    /' err
jsonl-filter --strict out >/dev/null && echo "    the next stage takes all"
