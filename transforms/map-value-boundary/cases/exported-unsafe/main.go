// Cache is exported: with --unsafe-fixes its unexported map of big values moves into a
// slab, and the finding names what another package could see (a zero Cache, its printed
// form).
package main

import "fmt"

type entry struct {
	data [160]byte
	n    int
}

// Cache keeps entries by key.
type Cache struct {
	items map[string]entry // want "map-value-boundary"
}

// NewCache makes an empty Cache.
func NewCache() *Cache { return &Cache{items: map[string]entry{}} }

// Put stores an entry.
func (c *Cache) Put(k string, n int) {
	e := c.items[k]
	e.n += n
	e.data[0] = byte(n)
	c.items[k] = e
}

// Get reads an entry's count.
func (c *Cache) Get(k string) int { return c.items[k].n }

func main() {
	c := NewCache()
	c.Put("a", 2)
	c.Put("a", 3)
	c.Put("b", 7)
	fmt.Println(c.Get("a"), c.Get("b"), c.Get("z"))
}
