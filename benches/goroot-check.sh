#!/usr/bin/env bash
# The real-world check: copy Go's whole GOROOT, run `gomapfix --write` over the copy's
# src, then `go build std` and `go vet std` with that GOROOT. Prints the counts (files,
# findings, skips by reason, files gomapfix could not handle, with their reasons).
# Usage: benches/goroot-check.sh [gomapfix options, e.g. --select nested-map, --escapes]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
src_root=$(go env GOROOT)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
cp -a "$src_root" "$tmp/go"
chmod -R u+w "$tmp/go"
set +e
# The copy is the GOROOT of every go command from here on (so --escapes compiles the
# copy's std, not the installed one), with a cache of its own.
export GOROOT="$tmp/go" GOTOOLCHAIN=local GOFLAGS= GOCACHE="$tmp/cache"
"$root/target/release/gomapfix" --write -v "$@" "$tmp/go/src" 2> "$tmp/log"
code=$?
set -e
sed "s|$tmp/go/||g" "$tmp/log" | grep -v '^gomapfix: [0-9]' || true
echo "summary: $(sed "s|$tmp/go/||g" "$tmp/log" | grep '^gomapfix: [0-9]')"
echo "gomapfix exit code: $code (2 when some file could not be handled; each is named above)"
"$tmp/go/bin/go" build std
echo "go build std: ok"
"$tmp/go/bin/go" vet std
echo "go vet std: ok"
