module example.com/user-pool

go 1.22
