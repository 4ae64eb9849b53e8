# LLaMA-Factory's KTO column as jsonl-split writes it ("kto_tag", the
# name its dataset_info.json maps) is a label as much as TRL's "label":
# read back on either path (compact lines take the no-tree one), the
# record stays labelled.  Two names that disagree are rejected; a number
# is too close to call, as with "label".
cat > in.jsonl <<'Y'
{"conversations":[{"from":"human","value":"Is the moon a planet?"},{"from":"gpt","value":"No, it is a natural satellite of the Earth."}],"kto_tag":false}
{"conversations": [{"from": "human", "value": "Is the moon a planet?"}, {"from": "gpt", "value": "Yes, it is the smallest planet."}], "kto_tag": true}
{"messages":[{"role":"user","content":"Name a colour of the sky."},{"role":"assistant","content":"Blue, on a clear day."}],"kto_tag":true}
{"instruction":"Name a colour of grass.","output":"Green.","kto_tag":false}
{"prompt":"Name a metal.","completion":"Iron.","kto_tag":true}
{"messages":[{"role":"user","content":"Two plus two?"},{"role":"assistant","content":"Four."}],"label":true,"kto_tag":false}
{"conversations":[{"from":"human","value":"Two plus three?"},{"from":"gpt","value":"Five."}],"kto_tag":1}
Y
jsonl-filter --format neutral --rejects rej.jsonl in.jsonl; s=$?
jq -r '[.reason, .line, .message] | @tsv' rej.jsonl; exit $s
