# same seed, same bytes; another seed, other bytes
synthgen --count 500 --add-noise > a; synthgen --count 500 --add-noise > b; cmp a b && echo same
synthgen --count 500 --add-noise --seed 8 > c; cmp -s a c || echo different
synthgen --count 500 --add-noise -o d.jsonl && cmp a d.jsonl && echo file same
