module example.com/holdslock

go 1.23
