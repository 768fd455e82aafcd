package einvoice

import (
	"bufio"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestModelCoversSemanticModel checks that the doc comments of the model
// name every business group and term of the XRechnung semantic model (EN
// 16931 BT-1…BT-165, BG-1…BG-32 and the XRechnung additions), and that a
// term named on its own carries its official name.
func TestModelCoversSemanticModel(t *testing.T) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var doc strings.Builder
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, cg := range f.Comments {
			doc.WriteString(cg.Text())
			doc.WriteByte('\n')
		}
	}
	text := strings.Join(strings.Fields(doc.String()), " ")
	covered := map[string]bool{}
	for _, m := range regexp.MustCompile(`B[GT]-(?:DEX-)?\d+`).FindAllString(text, -1) {
		covered[m] = true
	}
	// ranges such as "BT-50…BT-55"
	for _, m := range regexp.MustCompile(`BT-(\d+)…BT-(\d+)`).FindAllStringSubmatch(text, -1) {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		for i := a; i <= b; i++ {
			covered["BT-"+strconv.Itoa(i)] = true
		}
	}
	f, err := os.Open("testdata/xrechnung-visualization/semantic-model-terms.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	low := strings.ToLower(strings.ReplaceAll(text, "'", ""))
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		col := strings.Split(line, "\t")
		id, name := col[0], strings.ReplaceAll(col[1], "_", " ")
		n++
		if !covered[id] {
			t.Errorf("%s %s is not in the model's documentation", id, name)
			continue
		}
		if !strings.Contains(low, strings.ToLower(id+" "+name)) {
			t.Errorf("%s is documented without its official name %q", id, name)
		}
	}
	if n != 201 {
		t.Errorf("%d terms and groups, want 201", n)
	}
}
