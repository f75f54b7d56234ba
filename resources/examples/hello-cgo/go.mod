// The sample project Gantry registers on first start: a Go program
// whose main calls C, so every target needs a C compiler.
module example.com/hello-cgo

go 1.18
