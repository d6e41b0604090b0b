module example.com/down

go 1.26
