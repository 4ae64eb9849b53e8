#!/bin/sh
# Do these JSONL lines have the fields of a consumer's documented example,
# each with the same JSON type?  SHAPE is our own copy of the example (a
# JSON object with the documented fields and types, our own values).  A
# field is a path of keys, list elements as [] (integers and reals are one
# number type, as for arrow-types.sh).  Prints "matches", or each field
# missing from the lines or of another type, and exits 1; fields the lines
# have beyond the example are printed as "extra: PATH" (the outermost
# only; trainers keep or ignore other columns) without failing.
#
#   consumer-shape.sh SHAPE FILE...
shape=$1
shift
exec jq -n -r --slurpfile doc "$shape" '
	def fields: [paths as $p
	    | [($p | map(if type == "number" then "[]" else tostring end)
		   | "/" + join("/")), (getpath($p) | type)]]
	    | map({(.[0]): .[1]}) | add // {};
	($doc[0] | fields) as $want
	| (reduce (inputs | fields) as $f ({}; . * $f)) as $got
	| ([$want | to_entries[]
	    | if $got[.key] == null then "missing: \(.key) (\(.value))"
	      elif $got[.key] != .value
	      then "type: \(.key) is \($got[.key]), documented \(.value)"
	      else empty end]) as $bad
	| ([$got | keys[] | select($want[.] == null)
	    | select(sub("/[^/]*$"; "") as $up | $up == "" or $want[$up] != null)
	    | "extra: \(.)"]) as $extra
	| ($extra | join("\n") | if . == "" then empty else . end),
	  (if $bad == [] then "matches"
	   else $bad | join("\n") + "\n" | halt_error(1) end)' "$@"
