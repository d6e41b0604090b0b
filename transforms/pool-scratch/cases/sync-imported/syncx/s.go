// Package sync is imported by the path example.com/sync-imported/syncx: the file that
// imports it has the name `sync` without writing it.
package sync

// Hello greets.
func Hello() string { return "hi" }
