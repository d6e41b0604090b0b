module example.com/misparsed

go 1.22
