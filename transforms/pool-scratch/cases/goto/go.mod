module example.com/goto

go 1.22
