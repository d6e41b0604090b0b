module example.com/row-reset

go 1.22
