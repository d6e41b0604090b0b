#!/usr/bin/env bash
# A transform's Go benchmark: benches/go/<transform> as written against the code gomapfix
# itself produces from it (that transform only), run side by side in alternating rounds.
# Usage: benches/go-bench.sh TRANSFORM [ROUNDS]   (rounds default to 6)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rule=${1:?usage: benches/go-bench.sh TRANSFORM [ROUNDS]}
rounds=${2:-6}
export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=mod
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$here/go/$rule" "$tmp/original"
cp -r "$here/go/$rule" "$tmp/rewritten"
# pool-scratch rests on the compiler's word, as its users would run it.
extra=()
if [ "$rule" = pool-scratch ]; then extra=(--escapes); fi
"$root/target/release/gomapfix" --write --quiet --select "$rule" "${extra[@]}" "$tmp/rewritten"
(cd "$tmp/rewritten" && gofmt -l . | (! grep .) && go vet . && go test -count=1 -run . . >/dev/null)
echo "rewritten by gomapfix (diff against the original):"
(cd "$tmp" && diff -ruN original rewritten | sed 's/^/    /') || true
for v in original rewritten; do (cd "$tmp/$v" && go test -c -o "$tmp/$v.test" . >/dev/null); done
for ((r = 0; r < rounds; r++)); do
  for v in original rewritten; do
    (cd "$tmp/$v" && "$tmp/$v.test" -test.run '^$' -test.bench . -test.benchmem -test.count 1 >> "$tmp/$v.txt")
  done
done
# Medians of every metric, per benchmark and version.
summarise() { awk -f "$here/medians.awk" "$1" | sort; }
summarise "$tmp/original.txt" > "$tmp/o.med"
summarise "$tmp/rewritten.txt" > "$tmp/r.med"
echo
echo "medians of $rounds alternating rounds ($(go version | cut -d' ' -f3), $(nproc) cores):"
printf '%-22s %-10s %16s %16s %10s\n' benchmark metric original rewritten ratio
join -j1 <(awk '{print $1"|"$2, $3}' "$tmp/o.med") <(awk '{print $1"|"$2, $3}' "$tmp/r.med") |
  awk '{ split($1, k, "|"); r = ($2 > 0) ? sprintf("%.3f", $3 / $2) : "-"; printf "%-22s %-10s %16s %16s %10s\n", k[1], k[2], $2, $3, r }'
