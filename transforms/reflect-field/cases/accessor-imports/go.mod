module example.com/accessorimports

go 1.23
