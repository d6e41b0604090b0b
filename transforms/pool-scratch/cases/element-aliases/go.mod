module example.com/element-aliases

go 1.22
