package shadow

import "strings"

int
func Count() (int, string) {
	m := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < 3; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 5; j++ {
			m[i][j] = i + j
		}
	}
	words := []string{}
	{
		m := map[string]map[string]int{"a": {"b": 1}}
		for k := range m {
			words = append(words, k)
		}
		m["x"] = nil
	}
	for _, m := range []string{"p", "q"} {
		words = append(words, m)
	}
	return m[2][4], strings.Join(words, ",")
}
