#!/bin/bash
# Make a Chroma store of N cached entries (Nova's semantic cache) from the
# test fixture that a real Chroma 1.3.4 wrote: the same schema, records
# added as Chroma's compactor adds them (embeddings, then one
# embedding_metadata row a key), documents of about 600 characters.  The
# full-text index is left out (readers never touch it).
#
# usage: tests/bench/make-cache-store.sh N DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=$1 dir=$2
mkdir -p "$dir"
cp "$here/../fixtures/chroma/v1.3.4/chroma.sqlite3" "$dir/"
sqlite3 "$dir/chroma.sqlite3" <<SQL
BEGIN;
CREATE TEMP TABLE k(i INTEGER PRIMARY KEY);
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < $n)
INSERT INTO k SELECT i FROM c;
CREATE TEMP TABLE s AS SELECT s.id FROM segments s JOIN collections c
 ON c.id = s.collection WHERE s.scope = 'METADATA' AND c.name = 'nova_knowledge';
INSERT INTO embeddings (id, segment_id, embedding_id, seq_id)
 SELECT 1000 + i, (SELECT id FROM s), 'entry-' || i, 1000 + i FROM k;
CREATE TEMP TABLE m(id, key, s, i, f);
INSERT INTO m SELECT 1000 + i, 'chroma:document', 'Q: Ce înseamnă întrebarea numărul ' || i || '?'
  || char(10) || 'A: ' || replace(hex(randomblob(280)), 'A', ' a'), NULL, NULL FROM k;
INSERT INTO m SELECT 1000 + i, 'question', 'Ce înseamnă întrebarea numărul ' || i || '?', NULL, NULL FROM k;
INSERT INTO m SELECT 1000 + i, 'type', 'cached_qa', NULL, NULL FROM k;
INSERT INTO m SELECT 1000 + i, 'source', 'claude', NULL, NULL FROM k;
INSERT INTO m SELECT 1000 + i, 'chunk_strategy', 'none', NULL, NULL FROM k;
INSERT INTO m SELECT 1000 + i, 'cached_at', strftime('%Y-%m-%dT%H:%M:%S', 1767225600 + i, 'unixepoch'), NULL, NULL FROM k;
INSERT INTO m SELECT 1000 + i, 'timestamp', NULL, NULL, 1767225600.5 + i FROM k;
INSERT INTO m SELECT 1000 + i, 'chunk_index', NULL, 0, NULL FROM k;
INSERT INTO m SELECT 1000 + i, 'total_chunks', NULL, 1, NULL FROM k;
-- record by record, as Chroma's compactor adds them
INSERT INTO embedding_metadata (id, key, string_value, int_value, float_value)
 SELECT id, key, s, i, f FROM m ORDER BY id, key;
COMMIT;
SQL
