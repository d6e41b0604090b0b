module example.com/dims-unknown

go 1.22
