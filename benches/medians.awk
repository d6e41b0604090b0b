# The median of every metric of `go test -bench` output, per benchmark: "name metric median"
# lines (the -N GOMAXPROCS suffix dropped). Used by go-bench.sh and profile-bench.sh.
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  for (i = 3; i < NF; i += 2) { key = name " " $(i+1); vals[key] = vals[key] " " $i }
}
END {
  for (k in vals) {
    n = split(substr(vals[k], 2), a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    print k, a[int((n + 1) / 2)]
  }
}
