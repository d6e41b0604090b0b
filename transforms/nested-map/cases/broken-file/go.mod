module example.com/broken-file

go 1.22
