#!/bin/bash
# The preference pipeline's split next to the chat pipeline's: RECORDS
# neutral pairs, and the same records as chat replies (system, prompt and
# the chosen reply), each through jsonl-split --target trl (TRL's
# conversational DPO rows against its chat rows): CPU time (user+sys),
# records/s and peak RSS, median of ROUNDS rounds.
#
# usage: tests/bench/bench-prefs.sh [BUILD_DIR] [RECORDS] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/main}
records=${2:-200000}
rounds=${3:-5}
split=$build/jsonl-split/jsonl-split
[ -x "$split" ] || { echo "bench: build the main preset first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
awk -v n="$records" 'BEGIN {
	for (i = 0; i < n; i++)
		printf "{\"id\":\"p%d\",\"source\":\"openwebui\",\"system\":\"You are NOVA, a helpful AI assistant.\",\"prompt\":\"How do I keep basil number %d alive on a windowsill in winter?\",\"chosen\":\"Give it the sunniest window, water when the top centimetre is dry, and pinch the tips every week so it grows bushy; number %d likes warmth.\",\"rejected\":\"Basil dies in winter, buy a new one.\",\"metadata\":{\"preference\":\"regenerated\",\"chosen_id\":\"m%d\",\"rejected_id\":\"n%d\",\"session_id\":\"s%d\"}}\n", i, i, i, i, i, int(i / 3)
}' > "$out/pairs.jsonl"
jq -c '{messages: [{role: "system", content: .system},
	{role: "user", content: .prompt},
	{role: "assistant", content: .chosen}], metadata}' \
    "$out/pairs.jsonl" > "$out/chat.jsonl"

cpu() { { /usr/bin/time -f '%U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.3f %d\n", $1 + $2, $3}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A t m
for ((r = 0; r < rounds; r++)); do
	# alternate, so that load on a shared machine falls on both alike
	for kind in pairs chat; do
		rm -rf "$out/$kind"
		read -r a b < <(cpu "$split" --target trl --no-card -d "$out/$kind" "$out/$kind.jsonl")
		t[$kind]+="$a "
		m[$kind]+="$b "
	done
done
printf '%-36s %8s %11s %10s\n' command "cpu s" records/s "RSS KB"
for kind in pairs chat; do
	tt=$(printf '%s\n' ${t[$kind]} | median)
	mm=$(printf '%s\n' ${m[$kind]} | median)
	awk -v name="jsonl-split --target trl ($kind)" -v n="$records" -v t="$tt" -v m="$mm" \
	    'BEGIN {printf "%-36s %8.3f %11.0f %10d\n", name, t, n / t, m}'
done
echo "(median of $rounds rounds, $records records)"
