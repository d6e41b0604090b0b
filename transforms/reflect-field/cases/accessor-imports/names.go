package shape

// reflect is the package's own name.
func reflect() string { return "mine" }

// Mine uses it.
func Mine() string { return reflect() }
