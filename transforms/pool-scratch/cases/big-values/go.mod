module example.com/big-values

go 1.22
