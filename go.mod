module github.com/pindownai/client-go

go 1.25
