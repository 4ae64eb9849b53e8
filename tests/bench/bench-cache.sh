#!/bin/bash
# cache2jsonl on a store of ENTRIES cached entries made by a real Chroma
# (tests/chroma), next to the peer pipeline `sqlite3 -json | jq` running the
# same query: records/s from CPU time (user+sys), median of ROUNDS rounds,
# peak RSS, and how long cache2jsonl held the read lock.
#
# usage: tests/bench/bench-cache.sh [BUILD_DIR] [ENTRIES] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
entries=${2:-100000}
rounds=${3:-5}
cache=$build/cache2jsonl/cache2jsonl
[ -x "$cache" ] || { echo "bench: build the main preset first" >&2; exit 1; }
for p in sqlite3 jq /usr/bin/time node; do
	command -v "$p" >/dev/null || { echo "bench: needs $p (apt-get install -y sqlite3 jq time nodejs)" >&2; exit 1; }
done
store=$build/bench/chroma-$entries
if [ ! -f "$store/chroma.sqlite3" ]; then
	set +u
	chroma_here=$(cd "$here/../chroma" && pwd)
	. "$chroma_here/server.sh"
	set -u
	trap 'chroma_stop' EXIT
	mkdir -p "$store"
	chroma_start 1.3.4 "$store"
	node "$chroma_here/chroma.mjs" bulk "$CHROMA_PORT" nova_knowledge "$entries"
	chroma_stop
	trap - EXIT
fi
query="SELECT e.id, e.embedding_id, m.key, m.string_value, m.int_value, m.float_value, m.bool_value
FROM embeddings e LEFT JOIN embedding_metadata m ON m.id = e.id
JOIN segments s ON s.id = e.segment_id AND s.scope = 'METADATA'
JOIN collections c ON c.id = s.collection AND c.name = 'nova_knowledge'
ORDER BY e.id, m.key"
# The peer: rows as JSON, grouped into records by jq, documents split at "\nA:".
peer() {
	sqlite3 -readonly -json "$store/chroma.sqlite3" "$query" |
		jq -c 'group_by(.id)[] | {id: ("cache:" + .[0].embedding_id),
			doc: (map(select(.key == "chroma:document"))[0].string_value)}
			| (.doc | split("\nA: ")) as $p
			| {id, prompt: ($p[0] | ltrimstr("Q: ")), completion: $p[1]}'
}
cpu() { { /usr/bin/time -f '%U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.3f %d\n", $1 + $2, $3}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
export -f peer
export store query
declare -a tc tp rc rp
for ((r = 0; r < rounds; r++)); do
	read -r t m < <(cpu "$cache" --persist-dir "$store"); tc+=("$t"); rc+=("$m")
	read -r t m < <(cpu bash -c peer); tp+=("$t"); rp+=("$m")
done
c=$(printf '%s\n' "${tc[@]}" | median); p=$(printf '%s\n' "${tp[@]}" | median)
cm=$(printf '%s\n' "${rc[@]}" | median); pm=$(printf '%s\n' "${rp[@]}" | median)
lock=$("$cache" --persist-dir "$store" --stats 2>&1 >/dev/null | sed -n 's/.*read lock held \(.*\)$/\1/p')
awk -v n="$entries" -v c="$c" -v p="$p" -v cm="$cm" -v pm="$pm" 'BEGIN {
	printf "%-16s %8s %11s %12s\n", "command", "cpu s", "records/s", "peak RSS KB"
	printf "%-16s %8.3f %11.0f %12d\n", "cache2jsonl", c, n / c, cm
	printf "%-16s %8.3f %11.0f %12d\n", "sqlite3 | jq", p, n / p, pm
	printf "cache2jsonl is %.1fx the peer pipeline\n", p / c
}'
echo "read lock held: $lock (median of $rounds rounds above)"
