# On a terminal (script(1) makes one) --progress shows a status line on
# stderr with bytes of the total, records, rate and time left; --no-progress
# shows none, and a stderr that is not a terminal never gets one.
synthgen --count 5000 --seed 1 > in.jsonl
script -qec "jsonl-filter --progress in.jsonl > out" /dev/null > tty
tr '\r' '\n' < tty | grep -Ec '^jsonl-filter: .* of .* \([0-9]+%\), [0-9]+ records, .*/s, [0-9]+ s left' |
	sed 's/^[1-9][0-9]*$/status line shown/'
wc -l < out
script -qec "jsonl-filter --no-progress in.jsonl > out" /dev/null > tty
wc -c < tty
jsonl-filter --progress in.jsonl 2> err > out
wc -c < err
