module example.com/lencap

go 1.22
