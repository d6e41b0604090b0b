module boxingspelled

go 1.23
