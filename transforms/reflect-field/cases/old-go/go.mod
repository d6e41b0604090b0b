module example.com/old-go

go 1.16
