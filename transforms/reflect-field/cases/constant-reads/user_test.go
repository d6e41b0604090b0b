package user

import "testing"

func TestDescribe(t *testing.T) {
	u := User{ID: 7, Name: "ann", Nick: "a", Level: -3, Age: 41, Score: 2.5, Admin: true, Data: []byte("xy"), Tags: []string{"p", "q"}, note: "n"}
	got := Describe(u)
	want := "ann a 7 -3 41 2.5 true xy 2 n [p q] ann ann\n"
	if got != want {
		t.Fatalf("Describe = %q, want %q", got, want)
	}
}
