module example.com/reflectbench

go 1.22
