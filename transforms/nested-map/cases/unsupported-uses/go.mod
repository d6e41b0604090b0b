module example.com/unsupported-uses

go 1.22
