package legacy

import "testing"

func TestLegacy(t *testing.T) {
	l := Legacy{Name: "n", Tags: []string{"t"}}
	if Boxed(l).([]string)[0] != "t" || ByName(l, "Name").(string) != "n" {
		t.Fatal("legacy")
	}
}
