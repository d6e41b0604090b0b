package sessions

import "testing"

func TestSessions(t *testing.T) {
	s := newServer("a")
	s.login(7, "ann")
	s.login(9, "bob")
	s.login(7, "amy")
	if got := s.user(7); got != "amy" {
		t.Fatalf("user(7) = %q", got)
	}
	if got := s.user(8); got != "" {
		t.Fatalf("user(8) = %q", got)
	}
	if got := s.count(); got != 2002 {
		t.Fatalf("count = %d", got)
	}
	if !s.logout(9) || s.logout(9) || s.count() != 1001 {
		t.Fatalf("logout")
	}
	i := idle()
	if i.user(1) != "" || i.count() != 0 || i.logout(1) {
		t.Fatalf("idle server is not empty")
	}
}
