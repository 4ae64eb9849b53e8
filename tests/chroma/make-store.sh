#!/bin/sh
# Make a Chroma store with a real Chroma server, and save Chroma's own view.
#
#   make-store.sh VERSION OUT_DIR RECORDS.jsonl EXPECTED.json [COLLECTION]
#
# VERSION is that of the npm package chromadb-js-bindings-linux-x64-gnu,
# Chroma's Rust server (see server.sh).  The records are applied in order
# (see chroma.mjs); EXPECTED.json gets Chroma's get() answer.  The stores
# in tests/fixtures/chroma were made with
#   make-store.sh 1.0.5 tests/fixtures/chroma/v1.0.5 tests/chroma/nova-sample.jsonl tests/fixtures/chroma/v1.0.5.expected.json
#   make-store.sh 1.3.4 tests/fixtures/chroma/v1.3.4 tests/chroma/nova-sample.jsonl tests/fixtures/chroma/v1.3.4.expected.json
#   make-store.sh 1.3.4 tests/fixtures/chroma/example tests/chroma/example.jsonl tests/fixtures/chroma/example.expected.json
set -eu
version=$1 out=$2 records=$3 expected=$4 collection=${5:-nova_knowledge}
command -v node >/dev/null && command -v npm >/dev/null || {
	echo "make-store: node and npm are needed" >&2
	exit 1
}
. "$(dirname "$0")/server.sh"
rm -rf "$out"
mkdir -p "$out"
trap 'chroma_stop; rm -f "$out.log"' EXIT
chroma_start "$version" "$out"
node "$chroma_here/chroma.mjs" load "$CHROMA_PORT" "$collection" "$records" "$expected"
