module example.com/key-order

go 1.23
