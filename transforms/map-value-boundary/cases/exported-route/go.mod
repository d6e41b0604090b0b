module example.com/exportedroute

go 1.23
