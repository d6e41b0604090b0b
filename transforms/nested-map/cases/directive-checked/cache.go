package cache

// Cache memoises a cost over a bounded grid whose keys come from callers.
type Cache struct {
	hits int
}

// Lookup reads and fills cells at indexes it cannot prove in bounds; the directive
// asserts them, and the rewrite checks the assertion at run time.
func (c *Cache) Lookup(points [][2]int) int {
	//gomapfix:dims 32 64
	memo := make(map[int]map[int]int) // want "nested-map"
	sum := 0
	for _, p := range points {
		x, y := p[0], p[1]
		if memo[x] == nil {
			memo[x] = make(map[int]int)
		}
		if v := memo[x][y]; v != 0 {
			c.hits++
			sum += v
			continue
		}
		memo[x][y] = x*100 + y + 1
		sum += memo[x][y]
	}
	return sum
}
