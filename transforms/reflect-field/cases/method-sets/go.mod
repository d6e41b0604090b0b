module example.com/method-sets

go 1.22
