#!/bin/bash
# jsonl-filter --pii redact on one record whose completion is "1 " repeated
# (every digit starts a candidate phone or card number): time and peak RSS
# at doubling sizes.  A scanner that reads each candidate to the end of the
# run grows ×4 a doubling; ours ×2.
#
# usage: tests/bench/bench-growth-pii.sh [BUILD_DIR] [ROUNDS] [KB...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
rounds=${2:-3}
shift $(($# > 2 ? 2 : $#))
sizes=${*:-4000 8000 16000 32000}
filter=$build/jsonl-filter/jsonl-filter
[ -x "$filter" ] || { echo "bench: build the main preset first" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$here/growth.sh"
make_input() { # KB FILE
	awk -v n=$(($1 * 512)) 'BEGIN {
		printf "{\"prompt\":\"Care e numărul?\",\"completion\":\"";
		for (i = 0; i < n; i++) printf "1 ";
		print "\"}" }' > "$2"
}
growth 'jsonl-filter --pii redact, "1 " × n' KB "$sizes" \
	"$filter" --pii redact @IN@
