module example.com/mvbbench

go 1.23
