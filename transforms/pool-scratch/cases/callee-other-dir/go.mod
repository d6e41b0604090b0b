module example.com/callee-other-dir

go 1.23
