// Package io is the program's own, named like the standard one: its Writer may keep what
// it is given, which the standard io.Writer must not.
package io

// Writer writes p, and may keep it.
type Writer interface{ Write(p []byte) (int, error) }
