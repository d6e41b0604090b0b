#!/usr/bin/env bash
# Profile-guided gomapfix on a real project, proven by the project's own benchmarks.
#
#   benches/profile-bench.sh [-r ROUNDS] [-t BENCHTIME] [-s SETUP] NAME DIR PKG BENCH
#
# DIR is a checkout (the pinned commits are in benches/realworld/repos.tsv; CI has no
# network, so checkouts are given, never fetched), PKG the package whose benchmarks are run
# (`./roaring64`), BENCH their -bench pattern. SETUP, when given, is run in each copy first
# (for a benchmark whose testdata the checkout lacks). The script:
#   1. copies DIR twice (before, after);
#   2. profiles BENCH in `before` as a team would (go test -memprofile -cpuprofile);
#   3. runs gomapfix --write --profile mem.out --profile cpu.out over the whole `after`
#      module, and prints its report (the hottest findings, the cold ones) and diff;
#   4. builds both test binaries and runs BENCH in ROUNDS alternating rounds (default 6),
#      printing the medians of ns/op, B/op and allocs/op side by side;
#   5. runs `go test -short` on every touched package before and after.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rounds=6 benchtime=1s setup=
while getopts "r:t:s:" o; do
  case $o in
    r) rounds=$OPTARG ;;
    t) benchtime=$OPTARG ;;
    s) setup=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
usage="usage: benches/profile-bench.sh [-r ROUNDS] [-t BENCHTIME] [-s SETUP] NAME DIR PKG BENCH"
name=${1:?$usage} dir=${2:?$usage} pkg=${3:?$usage} bench=${4:?$usage}
export GOTOOLCHAIN=local GOFLAGS=${GOFLAGS:--mod=mod}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
gomapfix=$root/target/release/gomapfix
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$dir" "$tmp/before"
cp -r "$dir" "$tmp/after"
if [ -n "$setup" ]; then
  for v in before after; do (cd "$tmp/$v" && eval "$setup"); done
fi
echo "## $name: $pkg -bench '$bench' ($(go version | cut -d' ' -f3), $(nproc) cores)"
(cd "$tmp/before" && go test -run '^$' -bench "$bench" -benchtime "$benchtime" \
  -memprofile "$tmp/mem.out" -cpuprofile "$tmp/cpu.out" "$pkg" > "$tmp/profiling.txt")
profiles=(--profile "$tmp/mem.out" --profile "$tmp/cpu.out")
echo
echo "### gomapfix without a profile (what a run over the module would rewrite)"
(cd "$tmp/after" && "$gomapfix" --check . 2>&1 | grep -v '^[^ ]*\.go$' | grep -v '^gomapfix: warning' | sed 's/^/    /') || true
echo
echo "### gomapfix --profile mem.out --profile cpu.out -v"
(cd "$tmp/after" && "$gomapfix" --check -v "${profiles[@]}" . 2>&1 |
  grep -v '^[^ ]*\.go$' | grep -v 'gomapfix: warning: .*: \(its tests\|the compiler\)' |
  grep -v 'skipped: in a test file' | sed "s|$tmp/||g; s/^/    /") || true
(cd "$tmp/after" && "$gomapfix" --write --quiet "${profiles[@]}" . 2>/dev/null) || true
echo
echo "### the diff"
(cd "$tmp" && diff -ruN -x '*.test' before after | sed 's/^/    /') || true
touched=$(cd "$tmp" && { diff -rq -x '*.test' before after 2>/dev/null || true; } | awk '{print $2}' |
  sed 's|^before/||' | xargs -r -n1 dirname | sort -u | sed 's|^|./|')
for v in before after; do
  (cd "$tmp/$v" && go test -c -o "$tmp/$v.test" "$pkg" > /dev/null)
done
pkgdir=$(cd "$tmp/before" && go list -f '{{.Dir}}' "$pkg" | sed "s|^$tmp/before||")
for ((r = 0; r < rounds; r++)); do
  for v in before after; do
    (cd "$tmp/$v$pkgdir" && "$tmp/$v.test" -test.run '^$' -test.bench "$bench" \
      -test.benchtime "$benchtime" -test.benchmem -test.count 1 | grep '^Benchmark' >> "$tmp/$v.txt")
  done
done
summarise() { awk -f "$here/medians.awk" "$1" | sort; }
summarise "$tmp/before.txt" > "$tmp/b.med"
summarise "$tmp/after.txt" > "$tmp/a.med"
echo
echo "### medians of $rounds alternating rounds"
echo
echo "| benchmark | metric | before | after | ratio |"
echo "| --- | --- | ---: | ---: | ---: |"
join -j1 <(awk '{print $1"|"$2, $3}' "$tmp/b.med") <(awk '{print $1"|"$2, $3}' "$tmp/a.med") |
  grep -v 'MB/s' |
  awk '{ split($1, k, "|"); r = ($2 > 0) ? sprintf("%.3f", $3 / $2) : "-"; printf "| %s | %s | %s | %s | %s |\n", k[1], k[2], $2, $3, r }'
echo
if [ -z "$touched" ]; then
  echo "### go test -short: nothing touched"
  exit 0
fi
echo "### go test -short on the touched packages"
for p in $touched; do
  for v in before after; do
    if (cd "$tmp/$v" && go test -short -count=1 "$p" > "$tmp/test.$v" 2>&1); then s=ok; else s=FAIL; fi
    printf '    %-40s %-6s %s\n' "$p" "$v" "$s"
  done
done
