module github.com/ozg-baukasten/baukasten

go 1.26.0

require (
	github.com/beevik/etree v1.8.1
	github.com/russellhaering/goxmldsig v1.6.1
	golang.org/x/text v0.44.0
)

require github.com/jonboulle/clockwork v0.5.0 // indirect
