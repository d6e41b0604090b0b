module example.com/closure-old-go

go 1.21
