package q

func G2[T any](n int) []T { return make([]T, n) }
