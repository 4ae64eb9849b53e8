#!/bin/sh
# Do these JSONL files load as one Arrow table (pyarrow.json.read_json,
# which load_dataset("json") uses)?  Arrow's JSON inference gives every
# column and nested field one type across all rows: null goes with any
# type, integers and reals are one number type, objects are structs
# checked field by field, a list's elements share one type.  Prints each
# field with several types and exits 1, or prints "one type each".
#
#   arrow-types.sh FILE...
exec jq -n -r '
	reduce (inputs
	    | [paths(. != null) as $p
	       | [($p | map(if type == "number" then "[]" else tostring end)
		      | join("/")),
		  (getpath($p) | type)]]
	    | .[]) as [$p, $t] ({}; .[$p] = ((.[$p] // []) + [$t] | unique))
	| to_entries | map(select(.value | length > 1))
	| if length > 0
	  then map("Column(/\(.key)) has types \(.value | join(" and "))")
	       | join("\n") + "\n" | halt_error(1)
	  else "one type each" end' "$@"
