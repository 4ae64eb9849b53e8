# the README's recipe leaves no near twin across the split; a shuffle does
synthgen --count 3000 --add-noise > all.jsonl
jsonl-filter --dedup near --clusters cl.jsonl all.jsonl > kept.jsonl
jsonl-split --by cluster --clusters cl.jsonl --check-leakage kept.jsonl; echo "by cluster: exit $?"
mkdir s
jsonl-split --shuffle --check-leakage -d s kept.jsonl 2> err; echo "shuffled: exit $?"
grep -Ec "^jsonl-split: leakage: s/validation.jsonl:[0-9]+ is a near twin of s/train.jsonl:[0-9]+ \((prompt|prompt and completion), similarity (0\.[89][0-9]|1\.00)\)$" err
grep -Ec "^jsonl-split: leakage: [0-9]+ records of s/validation.jsonl have a near twin in s/train.jsonl" err
