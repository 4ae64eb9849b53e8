synthgen --count 100000 > /dev/full
