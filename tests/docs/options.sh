#!/bin/sh
# Each tool's options and their values agree in its three places: --help
# (made from the same table as the parser), the man page's option list,
# and the bash completion (which reads --help; checked where
# bash-completion is installed, skipped saying so where it is not).
#
# usage: options.sh SOURCE_DIR TOOL_DIRS
set -u
src=$1
PATH=$2:$PATH
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
fail=0
complete=/usr/share/bash-completion/bash_completion
for tool in cache2jsonl conv2jsonl synthgen jsonl-filter jsonl-split; do
	man=$src/$tool/$tool.1
	# --help after the usage: "  -o, --output FILE  text", "      --pii a|b".
	"$tool" --help >help.txt
	sed '1,/^$/d' help.txt | grep -E '^ +-' >help.lines
	sed -E 's/^ +(-[a-z]), (--[^ ]+).*/\1\n\2/; s/^ +(--[^ ]+).*/\1/' \
	    help.lines | sort -u >help.opts
	# The man page's list: every "Fl x" of an ".It" line.
	grep '^\.It Fl' "$man" | grep -oE 'Fl -?[a-zA-Z0-9][-a-zA-Z0-9]*' |
		sed 's/^Fl /-/' | sort -u >man.opts
	if ! cmp -s help.opts man.opts; then
		echo "$tool: --help and the man page's options differ" \
		    "(< help, > man):"
		diff help.opts man.opts | grep '^[<>]'
		fail=1
	fi
	# Values: "--opt a|b|c" in --help against the man page's "Cm a | b".
	grep -E '^ +--[-a-z]+ [a-z][-a-z]*(\|[a-z][-a-z]*)+( |$)' help.lines |
	while read -r opt vals rest; do
		echo "$vals" | tr '|' '\n' | sort >help.vals
		grep "^\.It .*Fl $opt\( \|$\)" "$man" |
			sed "s/.*Fl $opt//; s/ Fl .*//" |
			grep -oE 'Cm [-a-z]+( \| [-a-z]+)*' |
			sed 's/^Cm //; s/ | /\n/g' | sort -u >man.vals
		if [ -s man.vals ]; then
			if ! cmp -s help.vals man.vals; then
				echo "$tool $opt: values differ (< help, > man):"
				diff help.vals man.vals | grep '^[<>]'
				echo 1 >>failed
			fi
			continue
		fi
		# "Ar name" in the list: each value named in the page, or
		# in jsonl-filter(1) for the options the others share with it.
		for v in $(cat help.vals); do
			grep -qE "(^|[ (])$v([ ,.)]|\$)" "$man" ||
			    grep -qE "(^|[ (])$v([ ,.)]|\$)" \
			    "$src/jsonl-filter/jsonl-filter.1" || {
				echo "$tool $opt: $v not in the man page"
				echo 1 >>failed
			}
		done
	done
	[ -e failed ] && fail=1
	rm -f failed
	# The completion offers every option, and each option's values: one
	# bash a tool asks for them all.  The completion runs "TOOL --help"
	# for each; a function of the tool's name answers that with the
	# --help saved above, and anything else with nothing.
	[ -r "$complete" ] || continue
	grep -E '^ +--[-a-z]+ [a-z][-a-z]*(\|[a-z][-a-z]*)+( |$)' help.lines |
		sed -E 's/^ +([^ ]+) .*/\1/' >value.opts
	bash -c '
		. "$1"; . "$2"
		tool=$3
		eval "$tool() { [ \"\$*\" = --help ] && cat help.txt; }"
		COMP_WORDS=("$tool" --); COMP_CWORD=1
		COMP_LINE="$tool --"; COMP_POINT=${#COMP_LINE}
		_nova_export "$tool" -- "$tool"
		printf "%s\n" "${COMPREPLY[@]}" | sort -u >done.opts
		while read -r opt; do
			COMPREPLY=()
			COMP_WORDS=("$tool" "$opt" ""); COMP_CWORD=2
			COMP_LINE="$tool $opt "; COMP_POINT=${#COMP_LINE}
			_nova_export "$tool" "" "$opt"
			printf "%s\n" "${COMPREPLY[@]}" | sort -u >"done.vals$opt"
		done <value.opts
	' sh "$complete" "$src/lib/tool/nova-export.bash" "$tool" 2>/dev/null
	grep '^--' help.opts >help.long
	if ! cmp -s help.long done.opts; then
		echo "$tool: completion and --help differ (< help, > completion):"
		diff help.long done.opts | grep '^[<>]'
		fail=1
	fi
	grep -E '^ +--[-a-z]+ [a-z][-a-z]*(\|[a-z][-a-z]*)+( |$)' help.lines |
	while read -r opt vals rest; do
		echo "$vals" | tr '|' '\n' | sort >help.vals
		if ! cmp -s help.vals "done.vals$opt"; then
			echo "$tool $opt: completion offers other values:"
			diff help.vals "done.vals$opt" | grep '^[<>]'
			echo 1 >>failed
		fi
	done
	[ -e failed ] && fail=1
	rm -f failed
done
[ -r "$complete" ] ||
	echo "options: bash-completion not installed; completion not checked"
exit $fail
