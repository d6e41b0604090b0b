package p

import "example.com/callee-other-dir/q"

// Keeper keeps the slice it was given.
type Keeper struct{ last []byte }

func (k *Keeper) Fill(b []byte) { k.last = b }

func (k *Keeper) Last() string { return string(k.last) }

func New() *Keeper { return &Keeper{} }

func Ints(n int) []int { return q.G1[int](n) }

func Strs(n int) []string { return q.G2[string](n) }
