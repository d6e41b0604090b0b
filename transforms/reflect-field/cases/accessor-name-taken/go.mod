module example.com/accessor-name-taken

go 1.22
