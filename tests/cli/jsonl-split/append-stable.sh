# appending records never moves an old one
synthgen --count 3000 --add-noise > all.jsonl
head -n 1000 all.jsonl > old.jsonl
mkdir old new
jsonl-split -d old old.jsonl && jsonl-split -d new all.jsonl
for s in train validation; do sort old/$s.jsonl > o; sort new/$s.jsonl > n; comm -23 o n | wc -l; done
