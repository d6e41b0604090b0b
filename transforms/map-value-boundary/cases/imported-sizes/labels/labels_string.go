//go:build !slicelabels

// Package labels declares its types differently under build tags, as Prometheus's
// model/labels does.
package labels

// Labels is one string by default.
type Labels struct{ data string }

// Wide is 200 bytes by default.
type Wide [25]int64

// Make returns labels holding s.
func Make(s string) Labels { return Labels{data: s} }

// Len says how long the labels are.
func (l Labels) Len() int { return len(l.data) }
