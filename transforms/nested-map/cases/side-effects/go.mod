module example.com/side-effects

go 1.22
