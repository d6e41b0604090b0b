package legacy

import "testing"

func TestBoxed(t *testing.T) {
	l := Legacy{Name: "n", Tags: []string{"a"}}
	if Boxed(l).([]string)[0] != "a" || BoxedNew(l).(string) != "n" {
		t.Fatal("wrong fields")
	}
}
