module example.com/predeclared

go 1.23
