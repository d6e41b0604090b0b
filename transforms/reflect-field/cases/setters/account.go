package account

import "reflect"

type level int16

// Account is written through reflect.
type Account struct {
	Owner   string
	Balance int64
	Level   level
	Count   uint32
	Rate    float32
	Active  bool
	secret  string
}

// Update writes every settable kind through a pointer.
func Update(a *Account, owner string, n int64, c uint64, r float64) {
	reflect.ValueOf(a).Elem().FieldByName("Owner").SetString(owner) // want "reflect-field"
	reflect.ValueOf(a).Elem().FieldByName("Balance").SetInt(n)      // want "reflect-field"
	reflect.ValueOf(a).Elem().FieldByName("Level").SetInt(n)        // want "reflect-field"
	reflect.ValueOf(a).Elem().FieldByName("Count").SetUint(c)       // want "reflect-field"
	reflect.ValueOf(a).Elem().FieldByName("Rate").SetFloat(r)       // want "reflect-field"
	reflect.Indirect(reflect.ValueOf(a)).Field(5).SetBool(true)     // want "reflect-field"
}

// Reset writes through the address of a local value.
func Reset() Account {
	var acc Account
	reflect.ValueOf(&acc).Elem().FieldByName("Level").SetInt(-7)          // want "reflect-field"
	reflect.ValueOf(&acc).Elem().FieldByName("Owner").SetString("nobody") // want "reflect-field"
	return acc
}

// Unsafe holds the setters that must stay: each would change what the program does or
// would not compile.
func Unsafe(a *Account, v Account) {
	reflect.ValueOf(a).Elem().FieldByName("Level").SetInt(70000)   // want skip:"unrepresentable-constant"
	reflect.ValueOf(a).Elem().FieldByName("secret").SetString("x") // want skip:"unexported-field"
	reflect.ValueOf(v).FieldByName("Owner").SetString("x")         // want skip:"not-addressable"
	reflect.ValueOf(a).Elem().FieldByName("Owner").SetInt(1)       // want skip:"kind-mismatch"
}

// Shadowed sets Level where a local named level hides the field's type: the conversion
// `a.Level = level(level)` would not compile.
func Shadowed(a *Account, n int64) {
	level := n + 1
	reflect.ValueOf(a).Elem().FieldByName("Level").SetInt(level) // want skip:"name-shadowed"
}
