module example.com/imported-decls

go 1.22
