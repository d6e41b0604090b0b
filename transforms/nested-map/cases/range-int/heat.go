package heat

const (
	width  = 16
	height = 9
)

// Peak fills a heat map with range-over-int loops and returns its hottest cell.
func Peak() float64 {
	heat := map[int]map[int]float64{} // want "nested-map"
	for y := range height {
		heat[y] = map[int]float64{}
		for x := range width {
			heat[y][x] = float64(x*y) / 2
		}
	}
	best := 0.0
	for y := range height {
		for x := range width {
			best = max(best, heat[y][x])
		}
	}
	return best
}
