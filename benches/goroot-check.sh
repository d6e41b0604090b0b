#!/usr/bin/env bash
# The real-world check: copy Go's whole GOROOT, run `gomapfix --write` over the copy's
# src, then `go build std` and `go vet std` with that GOROOT, `gofmt -l` on every file
# gomapfix rewrote (must print nothing) and `go test -short` on every package it touched
# (must pass, or fail as it did before the rewrite). Prints the counts (files, findings,
# skips by reason, files gomapfix could not handle, with their reasons).
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
# The files gomapfix wrote (rewritten or generated), and the packages holding them.
changed=$(cd "$tmp/go/src" && diff -rq "$src_root/src" . 2>/dev/null \
  | sed -n -e "s|^Files $src_root/src/\(.*\) and .* differ$|\1|p" -e "s|^Only in \.\(/.*\)\?: \(.*\.go\)$|\1/\2|p" \
  | sed 's|^/||' | grep '\.go$' | sort || true)
nfiles=$(printf '%s\n' "$changed" | grep -c . || true)
unformatted=$(cd "$tmp/go/src" && printf '%s\n' "$changed" | grep . | xargs -r "$tmp/go/bin/gofmt" -l)
if [ -n "$unformatted" ]; then
  echo "gofmt -l on the $nfiles rewritten files: NOT clean:"; echo "$unformatted"; exit 1
fi
echo "gofmt -l on the $nfiles rewritten files: clean"
pkgs=$(printf '%s\n' "$changed" | grep . | xargs -r -n1 dirname | sort -u)
npkgs=$(printf '%s\n' "$pkgs" | grep -c . || true)
failed=0
for p in $pkgs; do
  if ! (cd "$tmp/go/src" && "$tmp/go/bin/go" test -short "./$p" > "$tmp/test.log" 2>&1); then
    # Failing as it did before the rewrite is not the rewrite's doing.
    if (cd "$src_root/src" && GOROOT="$src_root" GOCACHE="$tmp/cache-orig" go test -short "./$p" > /dev/null 2>&1); then
      echo "go test -short $p: FAILS after the rewrite only"; tail -20 "$tmp/test.log"; failed=$((failed + 1))
    else
      echo "go test -short $p: fails before the rewrite too"
    fi
  fi
done
echo "go test -short on the $npkgs touched packages: $((npkgs - failed)) pass as before, $failed fail after the rewrite only"
[ "$failed" -eq 0 ]
