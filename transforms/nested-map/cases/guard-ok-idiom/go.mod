module example.com/guard-ok-idiom

go 1.22
