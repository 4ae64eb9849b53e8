# A dataset card in every -d folder: front matter that names the files,
# the run's figures; --no-card: none; a README.md of the user's is kept.
synthgen --count 40 > in.jsonl
jsonl-split -d out in.jsonl
sed -n '/^---$/,/^---$/p' out/README.md
grep -c '^| train | train.jsonl | ' out/README.md
grep '^| synthetic |' out/README.md
grep -q 'estimate: four characters a token' out/README.md && echo estimate labelled
jsonl-split -d plain --no-card in.jsonl; ls plain
mkdir mine; echo '# my notes' > mine/README.md
jsonl-split -d mine in.jsonl; cat mine/README.md
# LLaMA-Factory: each entry names a file of the folder, in the shape it says.
jsonl-split --target llamafactory -d lf in.jsonl
jq -r 'to_entries[] | [.key, .value.file_name, .value.formatting, .value.columns.messages] | @tsv' lf/dataset_info.json
for f in $(jq -r '.[].file_name' lf/dataset_info.json); do
	jq -e -c 'select((.conversations | map(.from) | unique - ["system", "human", "gpt"]) != [] or (.conversations[0] | has("value") | not))' lf/$f
done | wc -l
