module example.com/imported-sizes

go 1.22
