#!/bin/sh
# Memcheck: the unit suites and the CLI cases under valgrind, on a plain
# Debug build (build/memcheck; valgrind cannot run sanitized programs).
# Every tool runs as `valgrind --leak-check=full` with its report in a
# file; any error or definite/indirect leak in any run is a failure.
# Exits 1 on a finding, 77 where valgrind is missing.
#
# usage: tests/memcheck/run.sh
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)
command -v valgrind >/dev/null || {
	echo "memcheck: skipped: needs valgrind" >&2
	exit 77
}
b=build/memcheck
mkdir -p $b
if ! { cmake --preset memcheck && cmake --build --preset memcheck; } \
    >$b/build.log 2>&1; then
	tail -20 $b/build.log >&2
	exit 2
fi
logs=$root/$b/logs
wrap=$root/$b/wrap
rm -rf "$logs" "$wrap"
mkdir -p "$logs" "$wrap"
vg="valgrind -q --error-exitcode=97 --leak-check=full"
vg="$vg --errors-for-leak-kinds=definite,indirect --log-file=$logs/%p.log"
for tool in cache2jsonl conv2jsonl synthgen jsonl-filter jsonl-split; do
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$vg" "$root/$b/$tool/$tool" \
	    >"$wrap/$tool"
	chmod +x "$wrap/$tool"
done

fail=0
suites=$(tr ';' ' ' <$b/tests/unit-suites.txt)
for s in $suites; do
	(cd tests && CK_FORK=no $vg "$root/$b/tests/check_nx" "$s" >/dev/null) ||
	    { echo "memcheck: unit.$s failed" >&2; fail=1; }
done
# The CLI cases, two at a time.  The scale cases run the same code paths
# on 20,000 records, many times over: too slow under valgrind, and nothing
# new for it.
cases=$(ls tests/cli/*/*.sh | grep -v '^tests/cli/scale/')
echo "$cases" | xargs -P 2 -I CASE sh -c '
	out=$1/$(echo "$4" | tr / _).out
	sh tests/cli/run-case.sh "$2/$4" "$2/tests/fixtures" "$3" \
	    >"$out" 2>&1 && rm -f "$out"' sh "$logs" "$root" "$wrap" CASE
for f in "$logs"/*.out; do
	[ -e "$f" ] || continue
	echo "memcheck: $(basename "$f" .out) failed:" >&2
	cat "$f" >&2
	fail=1
done
n=$(echo "$cases" | wc -l)
for f in "$logs"/*.log; do
	[ -s "$f" ] || continue
	echo "memcheck: $(basename "$f"):" >&2
	head -40 "$f" >&2
	fail=1
done
echo "memcheck: $(echo $suites | wc -w) unit suites, $n CLI cases," \
    "$(ls "$logs" | wc -l) runs: $([ $fail = 0 ] && echo clean || echo FINDINGS)"
exit $fail
