module example.com/poolbench

go 1.22
