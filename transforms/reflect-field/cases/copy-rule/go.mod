module example.com/copy-rule

go 1.22
