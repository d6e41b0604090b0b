module example.com/field

go 1.23
