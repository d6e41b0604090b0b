module example.com/callee-import-name

go 1.23
