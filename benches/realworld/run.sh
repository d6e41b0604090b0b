#!/usr/bin/env bash
# Real code as the measure (issue 22, item 9): runs the release binary over checkouts of
# the repositories pinned in repos.tsv (name, commit, kind) and prints a markdown table:
# files read, rewrites per transform (with the evidence each rests on), skips per reason,
# and for every package a rewrite touched `go build`, `go vet` and `go test -short`
# before and after. Each checkout is copied first; nothing is written into it.
# Usage: benches/realworld/run.sh [gomapfix options --] DIR...
#   DIR: a checkout whose last two path components (or its go.mod's module path) name
#        the repository; e.g. a `git worktree` or `git archive` of the pinned commit.
#   gomapfix options before `--`, e.g. `--include-tests --`, `--escapes --`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/gomapfix"
opts=()
if printf '%s\n' "$@" | grep -qx -- '--'; then
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
fi
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export GOTOOLCHAIN=local
rows=()
skips_all="$tmp/skips.tsv"
: > "$skips_all"
for dir in "$@"; do
  name=$(basename "$(dirname "$dir")")/$(basename "$dir")
  work="$tmp/$(echo "$name" | tr / _)"
  # -mod=mod lets a module's checkout build without a go.sum entry the module cache
  # holds; a workspace (go.work) refuses it.
  if [ -e "$dir/go.work" ]; then export GOFLAGS=; else export GOFLAGS=-mod=mod; fi
  cp -a "$dir" "$work.orig"
  cp -a "$dir" "$work"
  chmod -R u+w "$work" "$work.orig"
  files=$(find "$work" -name '*.go' -not -path '*/vendor/*' -not -path '*/testdata/*' | wc -l)
  set +e
  "$bin" --write --format json "${opts[@]}" "$work" > "$tmp/out.json" 2> "$tmp/err.log"
  code=$?
  set -e
  rewrites=$(jq -r '[.findings[] | "\(.rule) (\(.evidence | split(":")[0] | split(" ")[0:4] | join(" ")))"] | group_by(.) | map("\(.[0]) \(length)") | join("; ")' "$tmp/out.json")
  nfix=$(jq '.findings | length' "$tmp/out.json")
  jq -r '.skipped[] | "\(.rule)/\(.reason)"' "$tmp/out.json" >> "$skips_all"
  nskip=$(jq '.skipped | length' "$tmp/out.json")
  # The packages a rewrite touched: directories of changed or new files.
  pkgs=$(cd "$work" && diff -rq "$work.orig" . 2>/dev/null \
    | sed -n -e "s|^Files $work.orig/\(.*\) and .* differ$|\1|p" -e "s|^Only in \.\(/.*\)\?: \(.*\.go\)$|\1/\2|p" \
    | sed 's|^/||' | grep '\.go$' | xargs -r -n1 dirname | sort -u || true)
  checks=""
  for p in $pkgs; do
    for step in build vet test; do
      args=("$step" "./$p")
      [ "$step" = test ] && args=(test -short -count=1 "./$p")
      before=ok; after=ok
      (cd "$work.orig" && go "${args[@]}" > /dev/null 2>&1) || before=FAIL
      (cd "$work" && go "${args[@]}" > "$tmp/after.log" 2>&1) || after=FAIL
      if [ "$before" = ok ] && [ "$after" = FAIL ]; then
        checks+="$p: go $step REGRESSES; "
        sed "s|$work/||g" "$tmp/after.log" | tail -15 >&2
      elif [ "$before" = FAIL ]; then
        checks+="$p: go $step fails before too; "
      fi
    done
  done
  npkgs=$(printf '%s\n' "$pkgs" | grep -c . || true)
  [ -z "$checks" ] && checks="all pass as before ($npkgs packages)"
  rows+=("| $name | $files | $nfix | ${rewrites:-none} | $nskip | $checks | $code |")
done
echo "| repository | .go files | rewrites | per transform (evidence) | skips | touched packages: build, vet, test -short | exit |"
echo "| --- | ---: | ---: | --- | ---: | --- | ---: |"
printf '%s\n' "${rows[@]}"
echo
echo "| skip reason | count |"
echo "| --- | ---: |"
sort "$skips_all" | uniq -c | sort -rn | awk '{print "| " $2 " | " $1 " |"}'
