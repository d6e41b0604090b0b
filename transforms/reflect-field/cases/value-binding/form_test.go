package form

import "testing"

func TestBindings(t *testing.T) {
	if got := Render(Form{Title: "t", Body: "b"}); got != "t: b" {
		t.Fatalf("Render = %q", got)
	}
	if got := Stale(Form{Title: "old"}); got != "old/changed" {
		t.Fatalf("Stale = %q", got)
	}
	if got := Bump(&Form{Votes: 1}); got != 2 {
		t.Fatalf("Bump = %d", got)
	}
	if got := Repoint(&Form{Title: "a"}, &Form{Title: "b"}); got != "a/b" {
		t.Fatalf("Repoint = %q", got)
	}
	if got := Passed(Form{Title: "t"}); got != "Formt" {
		t.Fatalf("Passed = %q", got)
	}
}
