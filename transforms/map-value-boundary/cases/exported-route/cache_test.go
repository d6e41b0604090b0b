package cache_test

import (
	"fmt"
	"strings"
	"testing"

	cache "example.com/exportedroute"
)

func TestOtherPackagesSeeMaps(t *testing.T) {
	if got := fmt.Sprintf("%v", cache.New()); !strings.HasPrefix(got, "&{map[") {
		t.Fatalf("New() prints as %s", got)
	}
	if got := fmt.Sprintf("%v", cache.Shelves{}); got != "{{map[]}}" {
		t.Fatalf("Shelves{} prints as %s", got)
	}
	if n, name := cache.Count(3); n != 3 || name != "p" {
		t.Fatalf("Count = %d, %s", n, name)
	}
	if cache.Use() != 2 {
		t.Fatal("Use")
	}
	if got := fmt.Sprintf("%v", cache.Maker().Bake()); got != "{map[]}" {
		t.Fatalf("an oven prints as %s", got)
	}
	cache.Post(3)
	if got := fmt.Sprintf("%v", *cache.Ledger); !strings.HasPrefix(got, "{map[3:") {
		t.Fatalf("the ledger prints as %s", got)
	}
}
