package main

import (
	"embed"
	"html/template"
)

//go:embed templates/*.html
var templateFiles embed.FS

// parseTemplates reads the embedded page templates.
func parseTemplates() (*template.Template, error) {
	return template.New("").Funcs(template.FuncMap{
		"list":    func(s ...string) []string { return s },
		"add":     func(a, b int) int { return a + b },
		"typName": typName,
		"groesse": groesse,
		"inputType": func(t string) string {
			switch t {
			case "date":
				return "date"
			case "num_int", "num", "num_currency":
				return "number"
			}
			return "text"
		},
	}).ParseFS(templateFiles, "templates/*.html")
}
