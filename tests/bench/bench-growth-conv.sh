#!/bin/bash
# conv2jsonl on N copies of one 2-turn conversation and N conversations
# that continue it (chat JSONL, "messages"): every copy is an earlier save
# of every continuation.  Walking the copies once per continuation grows
# ×4 a doubling; marking them once ×2.
#
# usage: tests/bench/bench-growth-conv.sh [BUILD_DIR] [ROUNDS] [N...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
rounds=${2:-3}
shift $(($# > 2 ? 2 : $#))
sizes=${*:-40000 80000 160000 320000}
conv=$build/conv2jsonl/conv2jsonl
[ -x "$conv" ] || { echo "bench: build the main preset first" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$here/growth.sh"
make_input() { # N FILE
	awk -v n="$1" 'BEGIN {
		base = "{\"role\":\"user\",\"content\":\"Ce este LoRA?\"},{\"role\":\"assistant\",\"content\":\"O adaptare de rang mic a ponderilor.\"}";
		for (i = 0; i < n; i++) printf "{\"messages\":[%s]}\n", base;
		for (i = 0; i < n; i++)
			printf "{\"messages\":[%s,{\"role\":\"user\",\"content\":\"Și QLoRA %d?\"},{\"role\":\"assistant\",\"content\":\"LoRA pe un model cuantizat, varianta %d.\"}]}\n", base, i, i
	}' > "$2.jsonl"
	mv "$2.jsonl" "$2"
}
growth 'conv2jsonl, N copies + N continuations' N "$sizes" \
	"$conv" --format chat @IN@
