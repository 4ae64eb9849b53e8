# The bad-input catalogue for synthgen's YAML templates: each case (a
# template file made by the table below) goes through
# synthgen --no-builtin --templates FILE --count 3.  For each: the exit
# status, the records written and the first message.
good() {
	printf 'version: 1\ntemplates:\n  - name: t\n    lang: en\n    topic: x\n'
	printf '    prompts: ["What is {a}?"]\n    completion: "{a} is a letter."\n'
	printf '    slots:\n      a: [A, B]\n'
}
laughs() { # ten levels of aliases, each ten of the one before
	printf 'a0: &a0 [lol]\n'
	for i in 1 2 3 4 5 6 7 8 9; do
		printf 'a%d: &a%d [' $i $i
		for j in 1 2 3 4 5 6 7 8 9 10; do
			printf '*a%d%s' $((i - 1)) "$([ $j = 10 ] || echo ', ')"
		done
		printf ']\n'
	done
	good
}
deep() { # slots nested n flow sequences deep
	good | sed '$d'
	printf '      a: '
	head -c "$1" /dev/zero | tr '\0' '['
	head -c "$1" /dev/zero | tr '\0' ']'
	printf '\n'
}
big() { # a file of n bytes: the good one and a comment
	good
	printf '# '
	head -c "$1" /dev/zero | tr '\0' 'x'
	printf '\n'
}

while IFS='|' read -r name make; do
	[ -n "$name" ] || continue
	eval "$make" >t.yaml
	synthgen --no-builtin --templates t.yaml --count 3 >out 2>err
	st=$?
	echo "$name: status $st, $(wc -l <out) records"
	[ -s err ] && echo "    $(head -n 1 err)"
done <<'TABLE'
good|good
billion laughs|laughs
not UTF-8|good | sed 's/letter/lettre XX/' | tr X '\351'
truncated|good | sed '/completion/,$d; s/]$//'
NUL byte|good | sed 's/letter/let\x00ter/'
UTF-8 BOM|printf '\357\273\277'; good
CRLF|good | sed 's/$/\r/'
no final newline|good | head -c -1
empty file|:
10000-deep nesting|deep 10000
huge number|good | sed 's/^version: 1$/version: 1e999999/'
duplicate keys|good; printf 'templates: []\n'
prompts is a number|good | sed 's/prompts: .*/prompts: 42/'
slots is a list|good | sed 's/^    slots:$/    slots: [a]/; /^      a:/d'
20 MB file|big 20000000
TABLE
