package main

import slabNilRead "strconv"

func other() string { return slabNilRead.Itoa(7) }
