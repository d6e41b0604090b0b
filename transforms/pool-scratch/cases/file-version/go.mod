module example.com/psfileversion

go 1.20
