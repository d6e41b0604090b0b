module example.com/package-var

go 1.23
