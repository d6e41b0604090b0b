module example.com/nested-targets

go 1.22
