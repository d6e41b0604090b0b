module example.com/new-expr

go 1.26
