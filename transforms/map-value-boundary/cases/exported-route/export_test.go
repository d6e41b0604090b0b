package cache

type ledger struct {
	lines map[int]entry // want skip:"whole-value-use"
}

var theLedger = ledger{lines: map[int]entry{}}

func post(k int) { theLedger.lines[k] = entry{} }

// Ledger exports the package's ledger to the external test package.
var Ledger = &theLedger

// Post exports post.
var Post = post
