#!/bin/bash
# jsonl-filter --dedup near on prompts that share 240 characters and end in
# 40 random ones (Jaccard about 0.75, under the 0.8 threshold: no record is
# a duplicate, yet all of them share LSH buckets): time and peak RSS at
# doubling counts.  Comparing each record with every earlier one of its
# bucket grows ×4 a doubling; a bounded probe ×2.
#
# usage: tests/bench/bench-growth-near.sh [BUILD_DIR] [ROUNDS] [RECORDS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
rounds=${2:-3}
shift $(($# > 2 ? 2 : $#))
sizes=${*:-25000 50000 100000 200000}
filter=$build/jsonl-filter/jsonl-filter
[ -x "$filter" ] || { echo "bench: build the main preset first" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$here/growth.sh"
make_input() { # RECORDS FILE
	awk -v n="$1" 'BEGIN {
		srand(1);
		a = "abcdefghijklmnopqrstuvwxyz0123456789";
		for (i = 0; i < 240; i++) shared = shared substr(a, int(rand() * 36) + 1, 1);
		for (r = 0; r < n; r++) {
			tail = "";
			for (i = 0; i < 40; i++) tail = tail substr(a, int(rand() * 36) + 1, 1);
			printf "{\"prompt\":\"%s %s\",\"completion\":\"x\"}\n", shared, tail
		} }' > "$2"
}
growth 'jsonl-filter --dedup near, shared 240 + 40' records "$sizes" \
	"$filter" --dedup near @IN@
