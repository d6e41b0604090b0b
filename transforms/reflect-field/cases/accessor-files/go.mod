module example.com/accessorfiles

go 1.22
