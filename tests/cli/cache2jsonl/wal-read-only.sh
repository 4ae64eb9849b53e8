# A store the app switched to WAL mode, in a folder without write
# permission (run as nobody when root, whom permissions do not stop): it
# reads, the same records as in rollback mode, and the folder stays as it
# was; in a writable folder no -wal or -shm file is left either.
cp -r "$FIXTURES/chroma/v1.3.4" wal
chmod -R u+w wal
sqlite3 wal/chroma.sqlite3 "PRAGMA journal_mode=WAL" > /dev/null
cache2jsonl --persist-dir "$FIXTURES/chroma/v1.3.4" > want 2> /dev/null
cache2jsonl --persist-dir wal > got 2> /dev/null
cmp want got && echo "writable folder: the same records"
ls wal | grep -c -- '-wal\|-shm'
chmod 755 .. .
chmod -R a-w wal
# (Not under memcheck's valgrind wrapper, whose log files nobody cannot
# write; the plain run covers the permissions.)
as=
[ "$(id -u)" = 0 ] && [ "$(head -c 2 "$(command -v cache2jsonl)")" != "#!" ] &&
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
before=$(ls -la wal | cksum)
$as cache2jsonl --persist-dir wal > got 2> /dev/null
cmp want got && echo "read-only folder: the same records"
[ "$(ls -la wal | cksum)" = "$before" ] && echo "read-only folder: unchanged"
chmod -R u+w wal
