// Package sessions keeps per-user state, 160 bytes each, in a field of a struct.
package sessions

type state struct {
	user  [64]byte
	perms [12]int64
}

type server struct {
	name     string
	sessions map[uint32]state // want "map-value-boundary"
	hits     int
}

func newServer(name string) *server {
	return &server{name: name, sessions: make(map[uint32]state, 64)}
}

func (s *server) login(id uint32, user string) {
	var st state
	copy(st.user[:], user)
	st.perms[0] = int64(id)
	s.sessions[id] = st
	s.hits++
}

func (s *server) user(id uint32) string {
	u := s.sessions[id].user
	n := 0
	for n < len(u) && u[n] != 0 {
		n++
	}
	return string(u[:n])
}

func (s *server) logout(id uint32) bool {
	_, ok := s.sessions[id]
	delete(s.sessions, id)
	return ok
}

func (s *server) count() int {
	n := 0
	for id := range s.sessions {
		if s.sessions[id].perms[0] == int64(id) {
			n++
		}
	}
	return n + len(s.sessions)*1000
}

// idle has no sessions map: a literal that leaves the field out holds a nil map, which
// reads as empty.
func idle() server { return server{name: "idle"} }
