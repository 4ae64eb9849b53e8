#!/bin/sh
# The Debian package: build a Release tree without tests (build/package),
# make the .deb with CPack, check its dependencies and files, and, as
# root, install it with dpkg -i, check that the tools, their man pages
# and completion are where users look, and remove it again.
#
# usage: tests/package/run.sh
set -u
cd "$(dirname "$0")/../.." || exit 2
for need in dpkg-shlibdeps dpkg-deb file man; do
	command -v $need >/dev/null || {
		echo "package: skipped: needs $need" >&2
		exit 77
	}
done
b=build/package
log=$b.log
mkdir -p build
if ! { cmake -S . -B $b -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF &&
    cmake --build $b -j2 && (cd $b && rm -f ./*.deb && cpack -G DEB); } \
    >"$log" 2>&1; then
	tail -20 "$log" >&2
	exit 2
fi
deb=$(ls $b/nova-export_*.deb)
fail=0
say() { echo "package: $*" >&2; fail=1; }

deps=$(dpkg-deb -f "$deb" Depends)
for lib in libjansson4 libyaml-0-2 libsqlite3-0 libutf8proc2 libxxhash0 libpcre2-8-0 \
    libcld2-0 libarchive13 libc6; do
	case $deps in *"$lib"*) ;; *) say "Depends lacks $lib: $deps" ;; esac
done
files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for tool in cache2jsonl conv2jsonl synthgen jsonl-filter jsonl-split; do
	for f in ./usr/bin/$tool ./usr/share/man/man1/$tool.1 \
	    ./usr/share/bash-completion/completions/$tool; do
		echo "$files" | grep -qx "$f" || say "no $f in the package"
	done
done

if [ "$(id -u)" != 0 ]; then
	echo "package: not root: dpkg -i not tried" >&2
	exit $fail
fi
if dpkg -s nova-export >/dev/null 2>&1; then
	echo "package: nova-export is installed already: dpkg -i not tried" >&2
	exit $fail
fi
dpkg -i "$deb" >"$log.dpkg" 2>&1 || { cat "$log.dpkg" >&2; exit 1; }
for tool in cache2jsonl conv2jsonl synthgen jsonl-filter jsonl-split; do
	/usr/bin/$tool --version >/dev/null || say "$tool --version failed"
	[ "$(man -w $tool 2>/dev/null)" = /usr/share/man/man1/$tool.1 ] ||
		say "man -w $tool: $(man -w $tool 2>&1)"
done
man jsonl-filter 2>/dev/null | grep -q 'jsonl-filter' ||
	say "man jsonl-filter shows nothing"
/usr/bin/synthgen --count 3 | /usr/bin/jsonl-filter | /usr/bin/jsonl-split \
	-d "$b/installed" || say "the installed pipeline failed"
[ "$(cat "$b/installed/train.jsonl" "$b/installed/validation.jsonl" |
    wc -l)" = 3 ] || say "the installed pipeline lost records"
dpkg -r nova-export >>"$log.dpkg" 2>&1 || say "dpkg -r failed"
exit $fail
