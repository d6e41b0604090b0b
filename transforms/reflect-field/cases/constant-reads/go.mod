module example.com/constant-reads

go 1.22
