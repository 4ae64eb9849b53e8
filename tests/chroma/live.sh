#!/bin/sh
# The live test: cache2jsonl reads a store while a real Chroma writes to it.
# No read may fail or return a torn record, and no write may wait more than
# a second for the reader's lock.  Exits 77 (skipped) without node and npm.
#
#   live.sh CACHE2JSONL [WRITES]
set -u
cache2jsonl=$1
writes=${2:-300}
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "live test skipped: node and npm are missing"
	exit 77
fi
. "$(dirname "$0")/server.sh"
work=$(mktemp -d)
trap 'chroma_stop; rm -rf "$work"' EXIT
chroma_start 1.0.5 "$work/store" || exit 1
node "$chroma_here/chroma.mjs" burst "$CHROMA_PORT" nova_knowledge 1 >/dev/null || exit 1
node "$chroma_here/chroma.mjs" burst "$CHROMA_PORT" nova_knowledge "$writes" >"$work/worst" &
writer=$!
reads=0 fail=0
while kill -0 "$writer" 2>/dev/null; do
	"$cache2jsonl" --persist-dir "$work/store" --min-length 0 --where source=burst >"$work/out" 2>"$work/err"
	status=$?
	reads=$((reads + 1))
	if [ "$status" -ne 0 ] || grep -v "not applied yet" "$work/err" | grep -q .; then
		echo "read $reads: exit $status"
		cat "$work/err"
		fail=1
	fi
	# A record is whole when its question and answer carry the same number.
	torn=$(jq -r 'select((.prompt | ltrimstr("Întrebarea ") | rtrimstr("?")) != (.completion | ltrimstr("Răspunsul ") | rtrimstr("."))) | .id' "$work/out")
	if [ -n "$torn" ]; then
		echo "read $reads: torn records: $torn"
		fail=1
	fi
done
wait "$writer" || fail=1
worst=$(cat "$work/worst")
final=$("$cache2jsonl" --persist-dir "$work/store" --min-length 0 --where source=burst | wc -l)
echo "$reads reads during $writes writes; slowest write $worst ms; $final records at the end"
[ "$reads" -ge 3 ] || { echo "too few reads overlapped the writes"; fail=1; }
[ "$worst" -lt 1000 ] || { echo "a write waited $worst ms"; fail=1; }
[ "$final" -eq $((writes)) ] || { echo "want $writes records at the end"; fail=1; }
exit $fail
