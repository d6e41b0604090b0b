module example.com/selector-rules

go 1.22
