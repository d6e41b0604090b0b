module example.com/rffileversion

go 1.16
