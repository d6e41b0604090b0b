module example.com/dims-scope

go 1.22
