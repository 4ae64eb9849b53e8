# clusters are closed: r2's prompt is not r1's (J < 0.8) but with the same
# long answer the pair is a near twin, so r2 is in r1's cluster and so is
# r3, a duplicate of r2; r4 is a cluster of its own
A="Set the window in the config file, restart the service, then check the logs for the new value; if it is not there, the old file is still being read from the cache folder, so clear it and restart once more before you test again."
cat > in.jsonl <<J
{"id":"r1","prompt":"How do I change the attention window of the model server?","completion":"$A"}
{"id":"r2","prompt":"Where can the attention window of the server be changed?","completion":"$A"}
{"id":"r3","prompt":"Where can the attention window of the server be changed, please?","completion":"$A"}
{"id":"r4","prompt":"What does the model server log when it starts up?","completion":"It logs its version, its port and the models it loaded."}
J
jsonl-filter --dedup near --clusters cl.jsonl --rejects rej.jsonl in.jsonl | jq -r .id
jq -c "[.id, .dup_of]" rej.jsonl
jq -r '[.id, .cluster] | @tsv' cl.jsonl
# the same with --keep longest: the groups' winners stand for the clusters
jsonl-filter --dedup near --keep longest --clusters cl2.jsonl in.jsonl > /dev/null
jq -r '[.id, .cluster] | @tsv' cl2.jsonl
