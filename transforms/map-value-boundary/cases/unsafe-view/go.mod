module example.com/unsafeview

go 1.23
