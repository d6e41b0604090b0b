module example.com/unsafe-layout

go 1.23
