// Package notfoo lives in directory foo: imported without a name it is notfoo.
package notfoo

type Keeper struct{}

func (k *Keeper) Fill(b []byte) {}

const X = 1
