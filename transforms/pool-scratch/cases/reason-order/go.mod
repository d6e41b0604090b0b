module example.com/reason-order

go 1.22
