module example.com/recoverinrange

go 1.23
