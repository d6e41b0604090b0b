module example.com/sync-shadowed

go 1.22
