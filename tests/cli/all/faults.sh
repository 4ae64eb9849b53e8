# Faults every tool meets the same way.  A read error (/proc/self/mem
# cannot be read at offset 0): named, status 1, the other inputs still
# read.  A full file system (a 64 KiB tmpfs, filled first; this case needs
# root to mount it): status 1, no partial file, the previous output
# intact, no temporary file left.
synthgen --count 5 --seed 1 > good.jsonl
printf '%s\n' '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}' >c.jsonl
for t in jsonl-filter jsonl-split conv2jsonl; do
	case $t in
	jsonl-split)
		jsonl-split -d split /proc/self/mem good.jsonl 2>err
		st=$?
		n=$(cat split/*.jsonl | wc -l) ;;
	conv2jsonl)
		conv2jsonl --min-length 0 /proc/self/mem c.jsonl >out 2>err
		st=$?
		n=$(wc -l <out) ;;
	*)
		$t /proc/self/mem good.jsonl >out 2>err
		st=$?
		n=$(wc -l <out) ;;
	esac
	echo "$t, an input that cannot be read: status $st, $n records from the rest"
	sed 's/^/    /' err
done

mkdir full
mount -t tmpfs -o size=64k tmpfs full || exit 1
synthgen --count 2000 --seed 1 >big.jsonl
for t in synthgen jsonl-filter conv2jsonl cache2jsonl jsonl-split; do
	echo previous >full/out.jsonl
	echo previous >full/train.jsonl
	head -c 60000 /dev/zero >full/fill 2>/dev/null
	case $t in
	synthgen) synthgen --count 2000 -o full/out.jsonl 2>err ;;
	jsonl-filter) jsonl-filter -o full/out.jsonl big.jsonl 2>err ;;
	conv2jsonl) conv2jsonl -o full/out.jsonl "$FIXTURES/conversations" 2>err ;;
	cache2jsonl) cache2jsonl -o full/out.jsonl \
		--persist-dir "$FIXTURES/chroma/example" 2>err ;;
	jsonl-split) jsonl-split -d full big.jsonl 2>err ;;
	esac
	st=$?
	rm -f full/fill
	echo "$t, a full disk: status $st; left: $(cd full && ls | tr '\n' ' ')"
	echo "    out.jsonl: $(cat full/out.jsonl), train.jsonl: $(cat full/train.jsonl)"
	sed 's/^/    /' err
	rm -f full/*
done
umount full

# --- Nothing lost, nothing clobbered -------------------------------------
# Each row: the status, the bytes and counts left, and any temporary file
# (*.nxtmp-*, *.nxold-*) left behind.
left() { ls -A "${1:-.}" | grep -E '\.nxtmp-|\.nxold-|\.(jsonl|idx)\.[A-Za-z0-9]{6}$' | tr '\n' ' '; }
lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo none; fi; }
mode() { stat -c '%a %U:%G' "$1"; }
printf '%s\n' '{"prompt":"p","completion":""}' >>good.jsonl
n=$(jsonl-filter --dedup exact good.jsonl | wc -l)
echo "the index: $n records of good.jsonl survive --dedup exact"

# The index is saved only once every output is.
rm -f s.idx
jsonl-filter --dedup exact --seen s.idx good.jsonl >/dev/full 2>err
st=$?
echo "--seen, stdout full: status $st; the retry writes" \
	"$(jsonl-filter --dedup exact --seen s.idx good.jsonl | wc -l)"
rm -f s.idx
mount -t tmpfs -o size=64k tmpfs full || exit 1
head -c 60000 /dev/zero >full/fill 2>/dev/null
jsonl-filter --dedup exact --seen s.idx -o full/out.jsonl big.jsonl 2>err
st=$?
rm -f full/*
umount full
echo "--seen, -o on a full disk: status $st; the retry writes" \
	"$(jsonl-filter --dedup exact --seen s.idx big.jsonl | wc -l) of" \
	"$(jsonl-filter --dedup exact big.jsonl | wc -l)"

# Two runs never share the index: the second is refused while the first
# holds it (flock(1) stands for the first).
rm -f s.idx
flock s.idx jsonl-filter --dedup exact --seen s.idx good.jsonl >out 2>err
st=$?
echo "--seen held by another run: status $st, $(wc -l <out) written," \
	"index $(wc -c <s.idx) bytes"
sed 's/^/    /' err

# A file that is not a regular one is written in place, not replaced: a
# device, a FIFO, a link to a pipe (as /dev/stdout is), a symbolic link.
mknod full-dev c 1 7 && mknod null-dev c 1 3 || exit 1
jsonl-filter --min-length 1 --rejects full-dev good.jsonl >/dev/null 2>err
echo "--rejects a full device: status $?; still a device: $(test -c full-dev && echo yes || echo no)"
sed 's/^/    /' err
jsonl-filter -o null-dev good.jsonl
echo "-o a device: status $?; still a device: $(test -c null-dev && echo yes || echo no)"
mkfifo fifo
timeout 20 cat fifo >from-fifo &
jsonl-filter --min-length 1 --rejects fifo good.jsonl >/dev/null
st=$?
wait
echo "--rejects a FIFO: status $st; still a FIFO: $(test -p fifo && echo yes || echo no);" \
	"$(wc -l <from-fifo) rejected through it"
ln -s /proc/self/fd/1 stdout-link
echo "-o a link to stdout (a pipe): $(jsonl-filter -o stdout-link good.jsonl | wc -l) lines;" \
	"still a link: $(test -L stdout-link && echo yes || echo no)"
echo old >target.jsonl
ln -s target.jsonl link.jsonl
jsonl-filter -o link.jsonl good.jsonl
echo "-o a symbolic link: status $?; still a link: $(test -L link.jsonl && echo yes || echo no);" \
	"target $(wc -l <target.jsonl) lines; left: $(left)"

# An output that names an input or another output: refused before reading.
cp good.jsonl a.jsonl
row2() { # DESCRIPTION COMMAND...
	d=$1
	shift
	"$@" >/dev/null 2>err
	echo "$d: status $?; a.jsonl $(wc -c <a.jsonl) bytes;" \
		"o.jsonl $(lines o.jsonl); left: $(left)"
	sed 's/^/    /' err
}
row2 "--rejects the input" jsonl-filter --min-length 1 --rejects a.jsonl a.jsonl
row2 "--clusters the input" jsonl-filter --dedup exact --clusters a.jsonl a.jsonl
ln -s a.jsonl link-a.jsonl
row2 "-o a link to the input" jsonl-filter -o link-a.jsonl a.jsonl
row2 "--rejects and -o one new file" jsonl-filter --min-length 1 \
	--rejects o.jsonl -o o.jsonl a.jsonl
row2 "--seen and -o one file" jsonl-filter --dedup exact --seen o.jsonl \
	-o o.jsonl a.jsonl
row2 "--against and -o one file" jsonl-filter --dedup exact --against a.jsonl \
	-o a.jsonl good.jsonl
jsonl-split -d sp a.jsonl 2>/dev/null
row2 "jsonl-split --rejects its train" jsonl-split -d sp \
	--rejects sp/train.jsonl a.jsonl
echo "    sp/train.jsonl: $(wc -l <sp/train.jsonl) lines"
row2 "jsonl-split --validation its input" jsonl-split -d sp \
	--validation a.jsonl a.jsonl
row2 "conv2jsonl --rejects its input" conv2jsonl --rejects c.jsonl c.jsonl
synthgen --dump-templates >t.yaml
row2 "synthgen -o its templates" synthgen --templates t.yaml -o t.yaml
echo "    t.yaml: $(wc -l <t.yaml) lines, as dumped: $(synthgen --dump-templates | cmp -s - t.yaml && echo yes || echo no)"
cp -r "$FIXTURES/chroma/example" store
row2 "cache2jsonl -o the store" cache2jsonl --persist-dir store \
	-o store/chroma.sqlite3

# jsonl-split's files are replaced together or not at all: a folder in
# the way of one of them is found before anything is written.
rm -rf sp && mkdir -p sp/validation.jsonl && echo old >sp/train.jsonl
jsonl-split -d sp a.jsonl 2>err
echo "jsonl-split, a folder in the way: status $?; train.jsonl: $(cat sp/train.jsonl); left: $(left sp)"
sed 's/^/    /' err

# Modes, owners: a file rewritten keeps them; new rejects and index files
# are 0600.
echo old >o.jsonl && echo old >r.jsonl
chmod 600 o.jsonl && chmod 640 r.jsonl && chown nobody:nogroup r.jsonl
jsonl-filter --min-length 1 -o o.jsonl --rejects r.jsonl good.jsonl
echo "rewritten: -o $(mode o.jsonl), --rejects $(mode r.jsonl)"
rm -f r.jsonl s.idx
jsonl-filter --min-length 1 --dedup exact --rejects r.jsonl --seen s.idx \
	-o new.jsonl good.jsonl
echo "new: -o $(stat -c %a new.jsonl), --rejects $(stat -c %a r.jsonl)," \
	"--seen $(stat -c %a s.idx)"
echo old >o.jsonl && ln -f o.jsonl o2.jsonl
jsonl-filter -o o.jsonl good.jsonl 2>err
echo "a file with two links: status $?; o.jsonl $(lines o.jsonl), o2.jsonl: $(cat o2.jsonl)"
sed 's/^/    /' err
rm -f o2.jsonl

# Temporary files: gone when the reader of stdout leaves (SIGPIPE), when
# a fatal error ends the run, and when a dead run's are found.
rm -f r.jsonl cl.jsonl
printf '%s\n' '{"prompt":"q","completion":"a"}' '{"prompt":' >bad.jsonl
# More than stdout's 1 MiB buffer, so that the reader leaves mid-run.
cat big.jsonl big.jsonl big.jsonl |
	awk '{ sub(/"prompt":"/, "\"prompt\":\"" NR " "); print }' >uniq.jsonl
cat bad.jsonl >>uniq.jsonl
jsonl-filter --rejects r.jsonl --dedup exact --clusters cl.jsonl \
	uniq.jsonl 2>err | head -c 1 >/dev/null
echo "SIGPIPE: r.jsonl $(lines r.jsonl), cl.jsonl $(lines cl.jsonl); left: $(left)"
rm -f r.jsonl
jsonl-filter --strict --rejects r.jsonl bad.jsonl >/dev/null 2>err
echo "--strict at a bad line: status $?; r.jsonl $(lines r.jsonl); left: $(left)"
sh -c 'exit 0' &
dead=$!
wait
: >"o.jsonl.nxtmp-$dead-AbCdEf"
: >"o.jsonl.nxtmp-$$-AbCdEf"
jsonl-filter -o o.jsonl good.jsonl 2>err
echo "stale temporaries: status $?; left: $(left | sed "s/-$dead-/-DEAD-/; s/-$$-/-LIVE-/")"
sed "s/-$dead-/-DEAD-/; s/run $dead /run DEAD /; s/^/    /" err
rm -f o.jsonl.nxtmp-*

# An index entry whose hash is all zero (the mark of an empty slot, never
# written): refused as corrupt, not read past the end of the table; the
# index and the output kept.
rm -f z.idx
jsonl-filter --dedup exact --seen z.idx good.jsonl >/dev/null
# The first entry's hash: after the magic line, the mode, the threshold
# and the count (26 + 1 + 8 + 8 bytes).
head -c 16 /dev/zero | dd of=z.idx bs=1 seek=43 conv=notrunc status=none
size=$(wc -c <z.idx)
echo old >o.jsonl
jsonl-filter --dedup exact --seen z.idx -o o.jsonl good.jsonl 2>err
echo "--seen, an entry of hash 0: status $?; index $(test "$(wc -c <z.idx)" = "$size" && echo kept || echo changed);" \
	"o.jsonl: $(cat o.jsonl); left: $(left)"
sed 's/^/    /' err
