module example.com/value-binding

go 1.22
