module example.com/bench/nestedmap

go 1.22
