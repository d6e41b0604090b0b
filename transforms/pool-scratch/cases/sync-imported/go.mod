module example.com/sync-imported

go 1.22
