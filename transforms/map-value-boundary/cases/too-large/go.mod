module example.com/toolarge

go 1.23
