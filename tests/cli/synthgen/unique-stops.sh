synthgen --unique --count 100000 | wc -l
