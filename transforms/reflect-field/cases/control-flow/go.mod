module example.com/control-flow

go 1.22
