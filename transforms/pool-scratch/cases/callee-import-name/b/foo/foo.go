package foo

// Keeper keeps the slice it was given.
type Keeper struct{ last []byte }

func (k *Keeper) Fill(b []byte) { k.last = b }

func (k *Keeper) Last() string { return string(k.last) }
