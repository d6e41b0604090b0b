module example.com/key-identity

go 1.23
