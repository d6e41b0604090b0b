//go:build slicelabels

package labels

// Label is one name and value.
type Label struct{ Name, Value string }

// Labels is a slice with the slicelabels tag.
type Labels []Label

// Wide is 8 bytes with the slicelabels tag.
type Wide int64

// Make returns labels holding s.
func Make(s string) Labels { return Labels{{Name: s}} }

// Len says how long the labels are.
func (l Labels) Len() int { return len(l[0].Name) }
