module example.com/closure-new-go

go 1.22
