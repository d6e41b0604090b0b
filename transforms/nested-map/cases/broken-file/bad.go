package broken

func Bad() int {
	return shared[0][0] +
}
