synthgen --count -5
