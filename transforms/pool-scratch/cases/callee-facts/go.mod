module example.com/callee-facts

go 1.22
