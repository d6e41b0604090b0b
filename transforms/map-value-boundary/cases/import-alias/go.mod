module example.com/importalias

go 1.23
