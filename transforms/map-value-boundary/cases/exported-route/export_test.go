package cache

type ledger struct {
	lines map[int]entry // want skip:"unsafe-fix"
}

var theLedger = ledger{lines: map[int]entry{}}

func post(k int) { theLedger.lines[k] = entry{} }

// Ledger exports the package's ledger to the external test package.
var Ledger = &theLedger

// Post exports post.
var Post = post
