#!/bin/sh
# Run one CLI golden case: run-case.sh CASE.sh FIXTURES BINDIRS
#
# CASE.sh is a shell snippet run in a fresh directory with the tools first on
# PATH and $FIXTURES naming the fixture folder.  Beside it:
#   CASE.exp     expected stdout, byte for byte (absent: stdout is empty)
#   CASE.err     extended regular expressions, one a line, each of which some
#                line of stderr must match (absent: stderr is empty)
#   CASE.status  expected exit status (absent: 0)
#   CASE.needs   programs the case needs beyond the tools, jq and sh, one a
#                word ("pty": script(1) can make a pseudo-terminal); where
#                one is missing the case is skipped (77) and says why
set -u
case_sh=$1
FIXTURES=$2
base=${case_sh%.sh}
PATH=$3:$PATH
export PATH FIXTURES
LC_ALL=C.UTF-8
export LC_ALL

if [ -f "$base.needs" ]; then
	for need in $(cat "$base.needs"); do
		case $need in
		pty) script -qec true /dev/null >/dev/null 2>&1 ;;
		*) command -v "$need" >/dev/null ;;
		esac || {
			echo "skipped: needs $need"
			exit 77
		}
	done
fi

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
mkdir "$work/run" && cd "$work/run" || exit 2
sh "$case_sh" >../stdout 2>../stderr </dev/null
status=$?
fail=0
cd "$work" || exit 2

want=0
[ -f "$base.status" ] && want=$(cat "$base.status")
if [ "$status" != "$want" ]; then
	echo "exit status $status, want $want"
	fail=1
fi
if [ -f "$base.exp" ]; then
	if ! cmp -s stdout "$base.exp"; then
		echo "stdout differs from $base.exp:"
		diff "$base.exp" stdout | head -n 40
		fail=1
	fi
elif [ -s stdout ]; then
	echo "unexpected stdout:"
	head -n 20 stdout
	fail=1
fi
if [ -f "$base.err" ]; then
	while IFS= read -r pattern; do
		if ! grep -Eq -- "$pattern" stderr; then
			echo "no stderr line matches: $pattern"
			fail=1
		fi
	done <"$base.err"
elif [ -s stderr ]; then
	echo "unexpected stderr:"
	head -n 20 stderr
	fail=1
fi
if [ "$fail" -ne 0 ]; then
	echo "--- stderr was:"
	head -n 20 stderr
fi
exit "$fail"
