module poolnew

go 1.22
