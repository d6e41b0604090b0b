module example.com/fill-then-reads

go 1.22
