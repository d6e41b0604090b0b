module example.com/directive-checked

go 1.22
