#!/bin/sh
# Each man page's SYNOPSIS names the same options as the tool's usage
# message (the one --help prints first), no more and no fewer.
#
# usage: synopsis.sh SOURCE_DIR TOOL_DIRS
set -u
src=$1
PATH=$2:$PATH
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
fail=0
for tool in cache2jsonl conv2jsonl synthgen jsonl-filter jsonl-split; do
	man=$src/$tool/$tool.1
	# "Fl -name" → --name, "Fl o" → -o, between SYNOPSIS and DESCRIPTION.
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$man" |
		grep -o 'Fl [-a-zA-Z0-9]*' | sed 's/^Fl /-/' | sort -u >man.opts
	# The usage lines: up to the first empty line of --help.
	"$tool" --help | sed '/^$/q' |
		grep -oE '(^|[[ ])--?[a-zA-Z0-9][-a-zA-Z0-9]*' |
		sed 's/^[[ ]//' | sort -u >usage.opts
	if ! cmp -s man.opts usage.opts; then
		echo "$tool: SYNOPSIS and usage differ (< man, > usage):"
		diff man.opts usage.opts | grep '^[<>]'
		fail=1
	fi
done
exit $fail
