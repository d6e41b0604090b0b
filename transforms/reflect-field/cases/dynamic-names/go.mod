module example.com/dynamic-names

go 1.22
