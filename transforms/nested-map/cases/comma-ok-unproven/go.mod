module example.com/comma-ok-unproven

go 1.22
