module example.com/whole-value

go 1.22
