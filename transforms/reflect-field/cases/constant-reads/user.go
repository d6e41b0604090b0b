package user

import (
	"fmt"
	"reflect"
)

type nickname string

type level int16

// User is read through reflect by name.
type User struct {
	ID    int
	Name  string
	Nick  nickname
	Level level
	Age   uint8
	Score float64
	Admin bool
	Data  []byte
	Tags  []string
	note  string
}

// Describe reads every kind of field through reflect.
func Describe(u User) string {
	name := reflect.ValueOf(u).FieldByName("Name").String()            // want "reflect-field"
	nick := reflect.ValueOf(u).FieldByName("Nick").String()            // want "reflect-field"
	id := reflect.ValueOf(u).FieldByName("ID").Int()                   // want "reflect-field"
	lvl := reflect.ValueOf(u).FieldByName("Level").Int()               // want "reflect-field"
	age := reflect.ValueOf(u).FieldByName("Age").Uint()                // want "reflect-field"
	score := reflect.ValueOf(u).FieldByName("Score").Float()           // want "reflect-field"
	admin := reflect.ValueOf(u).FieldByName("Admin").Bool()            // want "reflect-field"
	data := reflect.ValueOf(u).FieldByName("Data").Bytes()             // want "reflect-field"
	tags := reflect.ValueOf(u).FieldByName("Tags").Len()               // want "reflect-field"
	note := reflect.ValueOf(u).FieldByName("note").String()            // want "reflect-field"
	any1 := reflect.ValueOf(u).FieldByName("Tags").Interface()         // want "reflect-field"
	str := reflect.ValueOf(u).FieldByName("Name").Interface().(string) // want "reflect-field"
	first := reflect.ValueOf(u).Field(1).String()                      // want "reflect-field"
	return fmt.Sprintln(name, nick, id, lvl, age, score, admin, string(data), tags, note, any1, str, first)
}
