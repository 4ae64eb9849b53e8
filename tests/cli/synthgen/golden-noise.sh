synthgen --count 20 --seed 7 --add-noise
