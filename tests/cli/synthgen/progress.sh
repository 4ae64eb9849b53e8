# --progress on a terminal: records of --count, rate and time left, on
# stderr only; none without a terminal.
script -qec "synthgen --count 5000 --progress > out" /dev/null > tty
tr '\r' '\n' < tty | grep -Ec '^synthgen: [0-9]+ of 5000 records \([0-9]+%\), [0-9]+ records/s' |
	sed 's/^[1-9][0-9]*$/status line shown/'
grep -c records/s out
synthgen --count 5000 --progress 2>&1 > /dev/null | wc -c
