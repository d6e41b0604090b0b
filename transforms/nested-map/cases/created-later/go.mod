module example.com/created-later

go 1.22
