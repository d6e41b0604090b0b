module example.com/named-slice

go 1.22
