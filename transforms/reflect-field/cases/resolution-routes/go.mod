module example.com/resolution-routes

go 1.22
