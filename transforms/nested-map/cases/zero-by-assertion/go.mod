module zeroassert

go 1.22
