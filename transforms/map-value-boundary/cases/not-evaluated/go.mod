module example.com/not-evaluated

go 1.23
