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
