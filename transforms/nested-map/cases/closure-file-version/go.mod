module example.com/closure-file-version

go 1.22
