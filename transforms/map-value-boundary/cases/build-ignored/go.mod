module example.com/buildignored

go 1.23
