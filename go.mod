module github.com/ozg-baukasten/baukasten

go 1.26.0

require (
	github.com/beevik/etree v1.8.1
	github.com/russellhaering/goxmldsig v1.6.1
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/shopspring/decimal v1.6.0
	golang.org/x/text v0.44.0
)

require github.com/jonboulle/clockwork v0.5.0 // indirect
