module github.com/ozg-baukasten/baukasten

go 1.26

require (
	github.com/go-jose/go-jose/v4 v4.1.9
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/shopspring/decimal v1.6.0
)

require golang.org/x/text v0.14.0 // indirect
