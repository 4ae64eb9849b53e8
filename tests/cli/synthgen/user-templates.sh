synthgen --no-builtin --templates "$FIXTURES/templates/good.yaml" --count 13 --unique | jq -r "[.system, .prompt, .completion] | @tsv" | sort
