#!/bin/sh
# Explore with libFuzzer: builds the fuzz preset (clang, ASan, UBSan) and
# runs each target for SECONDS (default 60) from its seed corpus.  New
# inputs stay in build/fuzz/corpus-TARGET, a finding in
# build/fuzz/crash-TARGET-*; a finding that matters belongs in
# tests/fuzz/corpus/TARGET, so that ctest replays it from then on.
# Exits 1 on any finding, 77 where clang or libFuzzer is missing.
# NX_FUZZ_SEED fixes libFuzzer's seed (ctest uses 1; default: random).
#
# usage: tests/fuzz/run.sh [SECONDS [TARGET...]]
set -u
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-record conv template text qa scan tokenizer}

if ! command -v clang >/dev/null ||
    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a \
	>/dev/null 2>&1; then
	echo "fuzz: skipped: needs clang and libclang-rt-14-dev" >&2
	exit 77
fi
log=build/fuzz/build.log
mkdir -p build/fuzz
if ! { cmake --preset fuzz && cmake --build --preset fuzz; } >"$log" 2>&1; then
	tail -20 "$log" >&2
	exit 2
fi
rc=0
for t in $targets; do
	mkdir -p "build/fuzz/corpus-$t"
	log=build/fuzz/$t.log
	if "build/fuzz/tests/fuzz-$t" -max_total_time="$secs" \
	    -seed="${NX_FUZZ_SEED:-0}" -max_len=65536 -rss_limit_mb=2048 \
	    -artifact_prefix="build/fuzz/crash-$t-" \
	    "build/fuzz/corpus-$t" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
		echo "fuzz-$t: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$log")"
	else
		echo "fuzz-$t: FINDING" >&2
		grep -E -A12 'ERROR|runtime error' "$log" | head -30 >&2
		grep 'Test unit written' "$log" >&2
		rc=1
	fi
done
exit $rc
