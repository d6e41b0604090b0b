module example.com/ignore-directive

go 1.22
