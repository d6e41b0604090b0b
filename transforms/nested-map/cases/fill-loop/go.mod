module example.com/fill-loop

go 1.22
