# The bad-input catalogue for the tools that read JSON Lines: each case
# (an input made by the table below: good lines around the bad one) goes
# through jsonl-filter, jsonl-split and conv2jsonl with --rejects and
# --stats.  For each: the exit status, the first message, the counts, the
# reasons in the rejects file, and whether read = written + rejected with
# every rejected line in the rejects file ("accounted") or not ("LOST").
G='{"messages":[{"role":"user","content":"Ce este un vector?"},{"role":"assistant","content":"O listă ordonată de numere."}]}'
H='{"messages":[{"role":"user","content":"What is a token?"},{"role":"assistant","content":"A piece of text a model reads."}]}'
around() { printf '%s\n' "$G"; printf "$@"; printf '%s\n' "$H"; }
# A user's turn of content c (printf's escapes apply), then an answer.
turn() {
	around '{"messages":[{"role":"user","content":'"$1"'},{"role":"assistant","content":"a"}]}\n'
}
deep() { # a record whose metadata nests n arrays
	printf '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"metadata":{"x":'
	head -c "$1" /dev/zero | tr '\0' '['
	head -c "$1" /dev/zero | tr '\0' ']'
	printf '}}\n'
}
huge() { # one record of n bytes
	printf '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"'
	head -c "$1" /dev/zero | tr '\0' 'a'
	printf '"}]}\n'
}

while IFS='|' read -r name make; do
	[ -n "$name" ] || continue
	eval "$make" >in.jsonl
	for tool in jsonl-filter jsonl-split conv2jsonl; do
		rm -rf split rej.jsonl out.jsonl
		case $tool in
		jsonl-split)
			jsonl-split -d split --stats --rejects rej.jsonl \
				in.jsonl 2>err
			st=$?
			cat split/*.jsonl >out.jsonl 2>/dev/null ;;
		conv2jsonl)
			# short replies: the seed's --min-length 50 is not the point here
			conv2jsonl --min-length 0 --stats --rejects rej.jsonl \
				in.jsonl >out.jsonl 2>err
			st=$? ;;
		*)
			$tool --stats --rejects rej.jsonl in.jsonl >out.jsonl 2>err
			st=$? ;;
		esac
		read=$(sed -n "s/^$tool: read \([0-9]*\),.*/\1/p" err)
		rejected=$(sed -n "s/^$tool: read .*, rejected \([0-9]*\).*/\1/p" err)
		written=$(wc -l <out.jsonl)
		kept=$(wc -l <rej.jsonl 2>/dev/null || echo 0)
		reasons=$(jq -r .reason rej.jsonl 2>/dev/null | sort | uniq -c |
			awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')
		msg=$(grep -v -E "^$tool: (read |  |mean |languages|[0-9]+ conv)|^file |^(train|validation) " err |
			head -n 1)
		if [ "$read" = $((written + rejected)) ] && [ "$kept" = "$rejected" ]; then
			acc=accounted
		else
			acc=LOST
		fi
		echo "$name: $tool: status $st; read $read, written $written," \
			"rejected $rejected ${reasons:+($reasons)}; $acc"
		[ -n "$msg" ] && echo "    $msg"
	done
done <<'TABLE'
truncated|around '{"messages":[{"role":"user","content":"q"}\n'
trailing garbage|around '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]} xyz\n'
two objects on a line|around '{"messages":[]}{"messages":[]}\n'
invalid UTF-8|turn '"q\377"'
overlong encoding|turn '"\300\257"'
lone surrogate|turn '"\\ud800"'
NUL byte|turn '"q\000r"'
escaped NUL|turn '"q\\u0000r"'
UTF-8 BOM|printf '\357\273\277'; around ''
CRLF|printf '%s\r\n%s\r\n' "$G" "$H"
no final newline|printf '%s\n%s' "$G" "$H"
empty lines|printf '\n%s\n\n  \n%s\n\n' "$G" "$H"
empty input|:
10000-deep nesting|printf '%s\n' "$G"; deep 10000
huge number|turn '"q"}],"metadata":{"n":1e999999},"x":[{"a":"b"'
long integer|turn '"q"}],"metadata":{"n":123456789012345678901234567890},"x":[{"a":"b"'
duplicate keys|turn '"q","content":"r"'
prompt is a number|around '{"prompt":42,"completion":"a"}\n'
content is a number|turn '42'
messages is an object|around '{"messages":{}}\n'
100 MB line|printf '%s\n' "$G"; huge 100000000; printf '%s\n' "$H"
NUL after a literal|around '{"prompt":"p","completion":"c","context":null\000}\n'
NUL after a number|around '{"prompt":"p","completion":"c","metadata":{"n":1\000}}\n'
NUL after true in messages|turn '"q"}],"metadata":{"b":true\000},"x":[{"a":"b"'
pair without its rejected reply|around '{"prompt":"p","chosen":"c"}\n'
pair without a prompt|around '{"chosen":"The sky is blue.","rejected":"The sky is green."}\n'
label written as a number|around '{"prompt":"p","completion":"c","label":1}\n'
TABLE
