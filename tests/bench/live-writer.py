"""An app's writer on a Chroma store, the way Chroma 1.x writes: every
INTERVAL seconds one log transaction (embeddings_queue), then one that
applies it (embeddings, embedding_metadata, max_seq_id), with Chroma's long
busy timeout.  Runs until the file STOP exists, then prints the commits,
the failed ones and the longest wait of a transaction in milliseconds.
The writer does not fsync (synchronous=OFF): the wait measured is then the
lock's, not the disk's (on a busy virtual disk one fsync alone can take
hundreds of milliseconds).

usage: python3 live-writer.py STORE_DIR STOP_FILE [delete|wal] [INTERVAL]
"""
import json
import os
import sqlite3
import sys
import time

store, stop = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else "delete"
interval = float(sys.argv[4]) if len(sys.argv) > 4 else 0.01
db = sqlite3.connect(os.path.join(store, "chroma.sqlite3"), timeout=1000,
                     isolation_level=None)
db.execute("PRAGMA journal_mode=%s" % ("WAL" if mode == "wal" else "DELETE"))
db.execute("PRAGMA synchronous=OFF")
coll, seg = db.execute(
    "SELECT c.id, s.id FROM collections c JOIN segments s ON s.collection = c.id"
    " AND s.scope = 'METADATA' WHERE c.name = 'nova_knowledge'").fetchone()
topic = "persistent://default/default/" + coll
seq = db.execute("SELECT COALESCE(MAX(seq_id), 0) FROM embeddings_queue").fetchone()[0]
row = db.execute("SELECT COALESCE(MAX(id), 0) FROM embeddings").fetchone()[0]
open(stop + ".ready", "w").close()
commits = failed = 0
longest = 0.0
n = 0
while not os.path.exists(stop):
    n += 1
    seq += 1
    row += 1
    name = "live-%d" % seq
    q = "Ce este scrierea %d?" % n
    doc = "Q: %s\nA: Un răspuns scris în timpul exportului, numărul %d." % (q, n)
    meta = {"type": "cached_qa", "question": q, "chunk_index": 0,
            "total_chunks": 1, "chroma:document": doc}
    try:
        start = time.monotonic()
        db.execute("BEGIN")
        db.execute("INSERT INTO embeddings_queue (seq_id, operation, topic, id,"
                   " vector, encoding, metadata) VALUES (?, 0, ?, ?, x'', 'FLOAT32', ?)",
                   (seq, topic, name, json.dumps(meta)))
        db.execute("COMMIT")
        db.execute("BEGIN")
        db.execute("INSERT INTO embeddings (id, segment_id, embedding_id, seq_id)"
                   " VALUES (?, ?, ?, ?)", (row, seg, name, seq))
        for k, v in meta.items():
            col = "int_value" if isinstance(v, int) else "string_value"
            db.execute("INSERT INTO embedding_metadata (id, key, %s) VALUES (?, ?, ?)"
                       % col, (row, k, v))
        db.execute("UPDATE max_seq_id SET seq_id = ? WHERE segment_id = ?", (seq, seg))
        db.execute("COMMIT")
        longest = max(longest, time.monotonic() - start)
        commits += 1
    except sqlite3.OperationalError:
        failed += 1
        if db.in_transaction:
            db.execute("ROLLBACK")
    time.sleep(interval)
print("%d %d %.1f" % (commits, failed, longest * 1000))
