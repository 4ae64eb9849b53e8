#!/bin/bash
# cache2jsonl on a store (the test fixture made by a real Chroma, copied)
# with one cached entry of N chunk records added the way Chroma stores
# them: time and peak RSS at doubling N.  Finding each chunk's run by
# walking back to its start grows ×4 a doubling; one pass ×2.
#
# usage: tests/bench/bench-growth-cache.sh [BUILD_DIR] [ROUNDS] [N...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
rounds=${2:-3}
shift $(($# > 2 ? 2 : $#))
sizes=${*:-32000 64000 128000 256000}
cache=$build/cache2jsonl/cache2jsonl
[ -x "$cache" ] || { echo "bench: build the main preset first" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: apt-get install -y sqlite3" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$here/growth.sh"
make_input() { # N DIR
	mkdir -p "$2"
	cp "$here/../fixtures/chroma/v1.3.4/chroma.sqlite3" "$2/"
	sqlite3 "$2/chroma.sqlite3" <<SQL
BEGIN;
CREATE TEMP TABLE k(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < $1)
INSERT INTO k SELECT i FROM c;
INSERT INTO embeddings (id, segment_id, embedding_id, seq_id)
SELECT 1000000 + i, s.id, 'big-c' || i, 1000000 + i FROM k,
 (SELECT s.id FROM segments s JOIN collections c ON c.id = s.collection
  WHERE s.scope = 'METADATA' AND c.name = 'nova_knowledge') s;
INSERT INTO embedding_metadata (id, key, string_value)
SELECT 1000000 + i, 'chroma:document',
 CASE i WHEN 0 THEN 'Q: Ce este un chunk?' || char(10) || 'A: bucata ' ELSE 'bucata ' || i END FROM k;
INSERT INTO embedding_metadata (id, key, string_value) SELECT 1000000 + i, 'question', 'Ce este un chunk?' FROM k;
INSERT INTO embedding_metadata (id, key, string_value) SELECT 1000000 + i, 'cached_at', '2026-11-30T10:00:00' FROM k;
INSERT INTO embedding_metadata (id, key, string_value) SELECT 1000000 + i, 'type', 'cached_qa' FROM k;
INSERT INTO embedding_metadata (id, key, int_value) SELECT 1000000 + i, 'chunk_index', i FROM k;
INSERT INTO embedding_metadata (id, key, int_value) SELECT 1000000 + i, 'total_chunks', $1 FROM k;
COMMIT;
SQL
}
growth 'cache2jsonl, one entry of N chunks' N "$sizes" \
	"$cache" --persist-dir @IN@ --rejects /dev/null
