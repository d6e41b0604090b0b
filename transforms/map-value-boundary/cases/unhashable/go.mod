module example.com/unhashable

go 1.23
