module example.com/setters

go 1.22
