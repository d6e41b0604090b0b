module example.com/creation-forms

go 1.22
