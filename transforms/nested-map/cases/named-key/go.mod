module example.com/named-key

go 1.22
