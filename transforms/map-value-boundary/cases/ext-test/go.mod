module example.com/ext-test

go 1.23
