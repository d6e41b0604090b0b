module example.com/loop-var-assigned

go 1.22
