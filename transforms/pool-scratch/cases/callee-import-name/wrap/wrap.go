package wrap

import (
	"example.com/callee-import-name/a/foo"
	"example.com/callee-import-name/b/foo"
)

const _ = notfoo.X

// New returns a *foo.Keeper of b/foo.
func New() *foo.Keeper { return &foo.Keeper{} }

func Len(b []byte) int { return len(b) }
