# One table for all five tools: the same exit statuses (0 success; 1 bad
# data, a read or write error; 2 a bad command line) and the same shape
# of message ("prog: FILE:LINE: message" on stderr, usage after a
# command-line error).  Each row prints "ok" or what went wrong.
row() { # NAME STATUS STDERR-ERE COMMAND...
	name=$1 want=$2 re=$3
	shift 3
	"$@" >out 2>err </dev/null
	st=$?
	if [ -z "$re" ]; then
		[ ! -s err ]
	else
		grep -Eq -- "$re" err
	fi
	if [ $? = 0 ] && [ "$st" = "$want" ]; then
		echo "ok   $name"
	else
		echo "FAIL $name: status $st: $(head -n 2 err | tr '\n' '|')"
	fi
}
all="cache2jsonl conv2jsonl synthgen jsonl-filter jsonl-split"
synthgen --count 300 --seed 1 >good.jsonl
printf '{"prompt":"a","completion":"b"}\n{"prompt":\n' >bad.jsonl
mkdir convs store
printf '{"messages":[{"role":"user"' >convs/broken.json
printf 'templates:\n  - name: x\n    prompt: [\n' >t.yaml
printf 'not sqlite' >store/chroma.sqlite3
store=$FIXTURES/chroma/example

for t in $all; do
	row "$t --version" 0 "" $t --version
	row "$t --help" 0 "" $t --help
	row "$t unknown option" 2 "^$t: unrecognized option '--bogus'" $t --bogus
	row "$t usage after it" 2 "^usage: $t " $t --bogus
	row "$t bad --format" 2 "^$t: --format: neutral, .*, not nope$" \
		$t --format nope
done

# Bad data: named, counted, status 1.
row "cache2jsonl not a store" 1 "^cache2jsonl: .*store" \
	cache2jsonl --persist-dir store
row "cache2jsonl no store" 1 "^cache2jsonl: .*missing" \
	cache2jsonl --persist-dir missing
row "conv2jsonl bad file" 1 "^conv2jsonl: broken.json:1: invalid JSON" \
	conv2jsonl convs
row "conv2jsonl missing file" 1 "^conv2jsonl: open missing.json: No such file" \
	conv2jsonl missing.json
row "synthgen bad template" 1 "^synthgen: t.yaml:[0-9]+: " \
	synthgen --templates t.yaml
row "synthgen missing template" 1 "^synthgen: .*missing.yaml: No such file" \
	synthgen --templates missing.yaml
row "jsonl-filter bad line" 1 "^jsonl-filter: bad.jsonl:2: invalid JSON" \
	jsonl-filter bad.jsonl
row "jsonl-filter missing file" 1 "^jsonl-filter: .*missing.jsonl: No such file" \
	jsonl-filter missing.jsonl
row "jsonl-split bad line" 1 "^jsonl-split: bad.jsonl:2: invalid JSON" \
	jsonl-split -d split bad.jsonl
row "jsonl-split missing file" 1 "^jsonl-split: .*missing.jsonl: No such file" \
	jsonl-split -d split missing.jsonl

# A full disk on standard output is an error; a reader that goes away is
# not: the tool ends quietly, by SIGPIPE (status 141 in the shell), or with
# status 0 where SIGPIPE is ignored (it then sees EPIPE).  jsonl-split
# writes files only: its full-disk case is file-size-limit.
set -- "cache2jsonl --persist-dir $store" "conv2jsonl $FIXTURES/conversations" \
	"synthgen --count 100000" "jsonl-filter good.jsonl"
for cmd in "$@"; do
	t=${cmd%% *}
	row "$t > /dev/full" 1 "^$t: write <stdout>: No space left on device" \
		sh -c "$cmd >/dev/full"
	row "$t | head -c 1" 0 "" bash -c "$cmd | head -c 1 >/dev/null
		case \${PIPESTATUS[0]} in 0 | 141) ;; *) exit 1 ;; esac"
	row "$t | head -c 1, SIGPIPE ignored" 0 "" bash -c "trap '' PIPE
		$cmd | head -c 1 >/dev/null; exit \${PIPESTATUS[0]}"
done
