module example.com/untyped-bool

go 1.23
