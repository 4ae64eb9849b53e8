synthgen --count 20 --seed 7 --format completion
