# Shared by the growth benchmarks (bench-growth-*.sh): run a command on
# inputs of doubling sizes and print, per size, the median CPU time
# (user+sys) of ROUNDS rounds, the peak RSS, and the time ratio to the
# size before (about 2 for a linear stage, 4 for a quadratic one).
# Sourced; the caller sets rounds and work (a scratch folder) and defines
# make_input SIZE FILE.

cpu() { { /usr/bin/time -f '%U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1 | awk '{printf "%.3f %d\n", $1 + $2, $3}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# growth NAME UNIT "SIZE..." COMMAND... : one line a size; the word @IN@
# in COMMAND stands for the input (stdout is discarded).
growth() {
	local name=$1 unit=$2 sizes=$3 prev='' size t m ratio a
	shift 3
	[ -x /usr/bin/time ] || { echo "bench: apt-get install -y time" >&2; exit 1; }
	printf '%-44s %10s %8s %10s %6s\n' "$name" "$unit" "cpu s" "RSS KB" "×"
	for size in $sizes; do
		local in=$work/in-$size
		local -a ts=() ms=() cmd=()
		make_input "$size" "$in"
		for a in "$@"; do cmd+=("${a//@IN@/$in}"); done
		for ((r = 0; r < rounds; r++)); do
			read -r t m < <(cpu "${cmd[@]}")
			ts+=("$t"); ms+=("$m")
		done
		t=$(printf '%s\n' "${ts[@]}" | median)
		m=$(printf '%s\n' "${ms[@]}" | median)
		ratio=-
		[ -n "$prev" ] && ratio=$(awk -v a="$t" -v b="$prev" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
		printf '%-44s %10s %8.3f %10d %6s\n' '' "$size" "$t" "$m" "$ratio"
		prev=$t
		rm -rf "$in"
	done
}
