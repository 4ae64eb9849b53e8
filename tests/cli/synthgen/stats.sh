synthgen --count 100 --stats > /dev/null
