synthgen --count
