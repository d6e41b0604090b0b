module example.com/fill-proofs

go 1.22
