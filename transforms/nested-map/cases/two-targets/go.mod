module example.com/two-targets

go 1.22
