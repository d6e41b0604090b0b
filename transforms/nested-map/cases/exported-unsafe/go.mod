module example.com/exported-unsafe

go 1.22
