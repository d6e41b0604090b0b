module example.com/evaluation-order

go 1.22
