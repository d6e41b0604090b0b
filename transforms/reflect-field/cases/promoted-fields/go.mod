module example.com/promoted-fields

go 1.22
