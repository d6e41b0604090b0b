module example.com/shadowed-inner

go 1.22
