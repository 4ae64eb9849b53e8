# Start and stop a real Chroma server for the tests (sourced, not run).
#
#   chroma_start VERSION DIR   install the npm package if needed, run Chroma
#                              on 127.0.0.1 with DIR as its store; sets
#                              CHROMA_PORT and CHROMA_PID
#   chroma_stop                stop it
#
# VERSION 1.0.5 runs on Debian 12's glibc (schema sysdb 9 / metadb 5);
# later ones (1.3.4: 10/6) need glibc 2.39 and run under Debian 13's C
# library, fetched with apt-get download into the cache: nothing on the
# system changes.

# Where chroma.mjs is: the sourcing script's folder unless it says.
chroma_here=${chroma_here:-$(cd "$(dirname "$0")" && pwd)}
chroma_cache=${NX_CHROMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nova-export-chroma}

# The command that runs node for this module: node itself, or node under
# Debian 13's loader.
chroma_node() {
	mod=$1
	if node -e "require('$mod')" 2>/dev/null; then
		echo node
		return
	fi
	libc=$chroma_cache/trixie-libc
	if [ ! -d "$libc" ]; then
		apt=$chroma_cache/apt
		mkdir -p "$apt/lists/partial" "$apt/archives/partial"
		mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
		[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list)
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" >"$apt/sources.list"
		opts="-o Dir::Etc::SourceList=$apt/sources.list -o Dir::Etc::SourceParts=/dev/null
			-o Dir::State::Lists=$apt/lists -o Dir::Cache::Archives=$apt/archives
			-o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false -qq"
		# shellcheck disable=SC2086
		apt-get $opts update >&2 && (cd "$apt" && apt-get $opts download libc6 >&2) || return 1
		dpkg-deb -x "$apt"/libc6_*.deb "$libc.tmp" && mv "$libc.tmp" "$libc" || return 1
		rm -rf "$apt/lists"
	fi
	lib=$libc/usr/lib/x86_64-linux-gnu
	echo "$lib/ld-linux-x86-64.so.2 --library-path $lib:/usr/lib/x86_64-linux-gnu $(command -v node)"
}

chroma_start() {
	version=$1 dir=$2
	mod=$chroma_cache/$version/node_modules/chromadb-js-bindings-linux-x64-gnu/chromadb-js-bindings.linux-x64-gnu.node
	if [ ! -f "$mod" ]; then
		mkdir -p "$chroma_cache/$version"
		(cd "$chroma_cache/$version" && npm install --no-audit --no-fund --loglevel=error \
			"chromadb-js-bindings-linux-x64-gnu@$version" >&2) || return 1
	fi
	run=$(chroma_node "$mod") || return 1
	CHROMA_PORT=$((20000 + $$ % 20000))
	# shellcheck disable=SC2086
	$run "$chroma_here/chroma.mjs" serve "$mod" "$dir" "$CHROMA_PORT" >"$dir.log" 2>&1 &
	CHROMA_PID=$!
	for _ in $(seq 1 100); do
		node -e "fetch('http://127.0.0.1:$CHROMA_PORT/api/v2/heartbeat').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && return 0
		sleep 0.1
	done
	echo "chroma did not start; its log:" >&2
	cat "$dir.log" >&2
	return 1
}

chroma_stop() {
	[ -n "${CHROMA_PID:-}" ] || return 0
	kill -TERM "$CHROMA_PID" 2>/dev/null || return 0
	# Chroma >= 1.0.6 never exits after SIGTERM; every write was committed
	# before its request returned, so SIGKILL after a grace is safe.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$CHROMA_PID" 2>/dev/null || break
		sleep 0.5
	done
	kill -KILL "$CHROMA_PID" 2>/dev/null || true
	wait "$CHROMA_PID" 2>/dev/null || true
	CHROMA_PID=
}
