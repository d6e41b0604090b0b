module example.com/zero-value-field

go 1.22
