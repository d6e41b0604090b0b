module example.com/brokenfile

go 1.23
