#!/usr/bin/env bash
# Builds the binary people download:
#
#   scripts/release.sh OUTDIR
#
# writes OUTDIR/archlint-VERSION-linux-ARCH.tar.gz (the stripped release binary with the Swift
# standard library and Foundation linked in, the man page, bash/zsh/fish completions, the
# README, the LICENSE and the rule pages docs/rules/*.md) and its .sha256. It refuses a binary
# that still needs a Swift runtime library (libswift*, Foundation, dispatch, BlocksRuntime) or
# the C++ runtime (libstdc++, libgcc_s). The archive is reproducible: names sorted,
# owner 0, every time stamp the last commit's, gzip without a name or time.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: scripts/release.sh OUTDIR" >&2; exit 2; }
cd "$(dirname "$0")/.."
mkdir -p "$1"
out=$(realpath "$1")

version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/ArchlintFindings/Finding.swift)
[ -n "$version" ] || { echo "release: cannot read the version from ArchlintVersion.current" >&2; exit 1; }
arch=$(uname -m)
name="archlint-$version-linux-$arch"
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)

# A build folder of its own (kept between runs, like .build): the static link changes every
# object's flags, so sharing .build/release would rebuild both ways each time.
build=.build/static staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT

# The Swift runtime is partly C++: its C++ library (libstdc++) and the unwinder (libgcc) are
# linked in as well, so the binary loads only the C library, libyaml and libxml2. The Swift
# driver asks for -lstdc++; a folder holding only the static archive, searched first, makes
# the linker take that. (clang is the toolchain's own, which knows where GCC keeps it.)
clang="$(dirname "$(command -v swift)")/clang"
cxx_archive=$("$clang" -print-file-name=libstdc++.a)
[ -f "$cxx_archive" ] || { echo "release: no static C++ library (libstdc++.a; Debian: libstdc++-12-dev)" >&2; exit 1; }
mkdir -p "$build/static-cxx" && ln -sf "$cxx_archive" "$build/static-cxx/libstdc++.a"
swift build -c release --product archlint --static-swift-stdlib --build-path "$build" \
  -Xlinker -L"$PWD/$build/static-cxx" -Xswiftc -Xclang-linker -Xswiftc -static-libgcc >&2
binary="$build/release/archlint"

# What the binary still loads at run time: the system's libc family, libyaml and libxml2
# (and what libxml2 itself needs: ICU, which brings the system's C++ runtime), never a Swift
# runtime library; and the binary itself names no C++ runtime.
if ldd "$binary" | grep -E 'libswift|Foundation|dispatch|BlocksRuntime' >&2 ||
  readelf -d "$binary" | grep -E 'NEEDED.*(libstdc\+\+|libgcc_s)' >&2; then
  echo "release: the binary still needs the runtime libraries above" >&2
  exit 1
fi

# The rule pages keep their repository path: the README links them there, and `archlint lsp`
# finds docs/rules walking up from the binary to link each diagnostic to its page.
mkdir -p "$staging/$name/completions" "$staging/$name/docs/rules"
cp "$binary" "$staging/$name/archlint"
strip "$staging/$name/archlint"
cp docs/man/archlint.1 README.md LICENSE "$staging/$name/"
cp docs/rules/*.md "$staging/$name/docs/rules/"
for shell in bash zsh fish; do
  "$staging/$name/archlint" --generate-completion-script "$shell" >"$staging/$name/completions/archlint.$shell"
done

tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$staging" -cf - "$name" |
  gzip -n -9 >"$out/$name.tar.gz"
(cd "$out" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
echo "release: wrote $(realpath --relative-to="$PWD" "$out/$name.tar.gz") ($(du -k "$out/$name.tar.gz" | cut -f1) kB) and its .sha256" >&2
echo "release: the binary loads $(ldd "$binary" | awk '{print $1}' | grep -v vdso | tr '\n' ' ')" >&2
