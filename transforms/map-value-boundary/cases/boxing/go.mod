module example.com/boxing

go 1.23
