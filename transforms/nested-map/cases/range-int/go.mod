module example.com/range-int

go 1.22
