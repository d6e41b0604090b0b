package imports

// Pair is read through reflect in every file of the package, each importing reflect
// its own way.
type Pair struct {
	Left  string
	Right int
}
