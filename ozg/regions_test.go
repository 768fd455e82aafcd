package ozg_test

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// regionCSV is the official data the directory is generated from; the tests
// read it with encoding/csv as an oracle independent of the generator.
const regionCSV = "../internal/regiongen/data/de_gv100ad_2023-11-30.csv"

type csvRegion struct {
	satzart, ebene, date, ars, ags, name, sitz, typ, typName, plz, area, pop string
}

func readRegionCSV(t *testing.T) []csvRegion {
	t.Helper()
	f, err := os.Open(regionCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []csvRegion
	for _, r := range recs[1:] {
		rows = append(rows, csvRegion{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]})
	}
	return rows
}

// TestRegionDirectoryAgainstCSV checks every row of the official data
// against the embedded directory, and the directory's size against the data.
func TestRegionDirectoryAgainstCSV(t *testing.T) {
	rows := readRegionCSV(t)
	if len(rows) != 16023 {
		t.Fatalf("CSV has %d rows, want 16023", len(rows))
	}
	csvCount := map[string]int{}
	inCSV := map[string]bool{}
	for _, row := range rows {
		csvCount[row.ebene]++
		inCSV[row.ars] = true
		if row.date != ozg.RegionDirectoryDate {
			t.Fatalf("%s: gebietsstand %s, directory says %s", row.ars, row.date, ozg.RegionDirectoryDate)
		}
		a, err := ozg.ParseARS(row.ars)
		if err != nil {
			t.Errorf("ParseARS(%q): %v", row.ars, err)
			continue
		}
		r, ok := ozg.LookupRegion(a)
		if !ok {
			t.Errorf("LookupRegion(%s): not found", row.ars)
			continue
		}
		if !a.Exists() {
			t.Errorf("%s: Exists() = false", row.ars)
		}
		if _, err := ozg.ParseKnownARS(row.ars); err != nil {
			t.Errorf("ParseKnownARS(%q): %v", row.ars, err)
		}
		typ := ""
		if r.Type != 0 {
			typ = strconv.Itoa(int(r.Type))
		}
		num := func(n int, s string) bool { return s == "" && n == 0 || s == strconv.Itoa(n) }
		if r.ARS != a || r.Level().String() != row.ebene || r.AGS.String() != row.ags ||
			r.Name != row.name || r.Seat != row.sitz || typ != row.typ || r.Type.String() != row.typName ||
			r.PLZ != row.plz || !num(r.AreaHa, row.area) || !num(r.Population, row.pop) {
			t.Errorf("%s: directory has %+v (level %v, type %q), CSV has %+v", row.ars, r, r.Level(), r.Type, row)
		}
		if r.Type != 0 && r.Type.Level() != r.Level() {
			t.Errorf("%s: type %v has level %v, region has %v", row.ars, r.Type, r.Type.Level(), r.Level())
		}
		// ARS -> AGS -> ARS.
		g, ok := a.AGS()
		if ok != (row.ags != "") || g.String() != row.ags {
			t.Errorf("%s: AGS() = %q, %v, want %q", row.ars, g, ok, row.ags)
		}
		if row.ags == "" {
			continue
		}
		back, ok := ozg.MustParseAGS(row.ags).ARS()
		if !ok || back != a {
			t.Errorf("AGS %s: ARS() = %q, %v, want %s", row.ags, back, ok, row.ars)
		}
		if !g.Exists() {
			t.Errorf("AGS %s: Exists() = false", row.ags)
		}
		if rg, ok := ozg.LookupRegionAGS(g); !ok || rg != r {
			t.Errorf("LookupRegionAGS(%s) = %+v, %v", row.ags, rg, ok)
		}
	}
	want := map[string]int{"Land": 16, "Regierungsbezirk": 29, "Kreis": 400, "Gemeindeverband": 4597, "Gemeinde": 10981}
	if !mapsEqual(csvCount, want) {
		t.Errorf("CSV counts %v, want %v", csvCount, want)
	}
	// The directory holds the CSV rows and nothing else, in directory order.
	dirCount := map[string]int{}
	var prev ozg.ARS
	n := 0
	for r := range ozg.Regions() {
		n++
		dirCount[r.Level().String()]++
		if !inCSV[r.ARS.String()] {
			t.Errorf("directory has %s, which is not in the CSV", r.ARS)
		}
		if prev.Compare(r.ARS) >= 0 {
			t.Errorf("directory order: %s before %s", prev, r.ARS)
		}
		prev = r.ARS
	}
	if n != len(rows) || !mapsEqual(dirCount, want) {
		t.Errorf("directory has %d regions %v, want %d %v", n, dirCount, len(rows), want)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestRegionHierarchy checks Parent and Children against a hierarchy built
// from the CSV with string prefixes: the parent of a region is its longest
// key prefix (at 9, 5, 3 or 2 digits) that is in the data.
func TestRegionHierarchy(t *testing.T) {
	rows := readRegionCSV(t)
	in := map[string]bool{}
	for _, row := range rows {
		in[row.ars] = true
	}
	children := map[string][]string{}
	orphans := 0
	for _, row := range rows {
		parent := ""
		for _, n := range []int{9, 5, 3, 2} {
			if n < len(row.ars) && in[row.ars[:n]] {
				parent = row.ars[:n]
				break
			}
		}
		children[parent] = append(children[parent], row.ars)
		// Parent() works on the digits; its result is in the data for all
		// but two Gemeindeverbände without a Kreis.
		p := ozg.MustParseARS(row.ars).Parent()
		if len(row.ars) > 2 && !in[p.String()] {
			orphans++
			if row.ars != "070009999" && row.ars != "130009999" {
				t.Errorf("%s: Parent() = %s is not in the directory", row.ars, p)
			}
		}
		if p.String() != parent && row.ars != "070009999" && row.ars != "130009999" {
			t.Errorf("%s: Parent() = %s, nearest ancestor in the data is %s", row.ars, p, parent)
		}
	}
	if orphans != 2 {
		t.Errorf("%d regions whose parent is not in the directory, want 2", orphans)
	}
	check := func(key string, a ozg.ARS) {
		var got []string
		for r := range a.Children() {
			got = append(got, r.ARS.String())
		}
		want := children[key]
		slices.SortFunc(want, func(x, y string) int { return ozg.MustParseARS(x).Compare(ozg.MustParseARS(y)) })
		if !slices.Equal(got, want) {
			t.Errorf("Children(%q) = %v, want %v", key, got, want)
		}
	}
	check("", ozg.ARS{})
	for _, row := range rows {
		check(row.ars, ozg.MustParseARS(row.ars))
	}
	// Spot checks with known numbers.
	count := func(key string) int {
		n := 0
		for range ozg.MustParseARS(key).Children() {
			n++
		}
		return n
	}
	for key, want := range map[string]int{"07": 4, "073": 20, "05": 5, "11": 1, "02": 1} {
		if got := count(key); got != want {
			t.Errorf("%s has %d children, want %d", key, got, want)
		}
	}
	// Stopping early works.
	for range ozg.MustParseARS("07").Children() {
		break
	}
	for range ozg.Regions() {
		break
	}
}

func TestRegionExamples(t *testing.T) {
	tests := []struct {
		ars  string
		want ozg.Region
	}{
		{"073150000000", ozg.Region{ARS: ozg.MustParseARS("073150000000"), AGS: ozg.MustParseAGS("07315000"), Name: "Mainz, Stadt", Type: ozg.TypeGemeindeKreisfreieStadt, PLZ: "55116", AreaHa: 9773, Population: 220552}},
		{"07315", ozg.Region{ARS: ozg.MustParseARS("07315"), AGS: ozg.MustParseAGS("07315"), Name: "Mainz, kreisfreie Stadt", Seat: "Mainz", Type: ozg.TypeKreisfreieStadt}},
		{"071110000000", ozg.Region{ARS: ozg.MustParseARS("071110000000"), AGS: ozg.MustParseAGS("07111000"), Name: "Koblenz, Stadt", Type: ozg.TypeGemeindeKreisfreieStadt, PLZ: "56068", AreaHa: 10525, Population: 115268}},
		{"071315001", ozg.Region{ARS: ozg.MustParseARS("071315001"), Name: "Adenau", Seat: "Adenau", Type: ozg.TypeVerbandsgemeinde}},
		{"071315001004", ozg.Region{ARS: ozg.MustParseARS("071315001004"), AGS: ozg.MustParseAGS("07131004"), Name: "Antweiler", Type: ozg.TypeKreisangehoerigeGemeinde, PLZ: "53533", AreaHa: 446, Population: 480}},
		{"07", ozg.Region{ARS: ozg.MustParseARS("07"), AGS: ozg.MustParseAGS("07"), Name: "Rheinland-Pfalz", Seat: "Mainz"}},
		{"071", ozg.Region{ARS: ozg.MustParseARS("071"), AGS: ozg.MustParseAGS("071"), Name: "früher: Reg.-Bez. Koblenz", Seat: "Koblenz, Stadt"}},
	}
	for _, tt := range tests {
		r, ok := ozg.LookupRegion(ozg.MustParseARS(tt.ars))
		if !ok || r != tt.want {
			t.Errorf("LookupRegion(%s) = %+v, %v,\nwant %+v", tt.ars, r, ok, tt.want)
		}
	}
	// The Verbandsgemeinde Adenau and its Ortsgemeinden.
	var names []string
	for r := range ozg.MustParseARS("071315001").Children() {
		if r.Level() != ozg.LevelGemeinde || r.ARS.Parent() != ozg.MustParseARS("071315001") {
			t.Errorf("child %s of VG Adenau", r.ARS)
		}
		names = append(names, r.Name)
	}
	if len(names) != 37 || !slices.Contains(names, "Antweiler") || !slices.Contains(names, "Adenau, Stadt") {
		t.Errorf("VG Adenau has %d Gemeinden %v", len(names), names)
	}
}

func TestRegionDirectoryAttribution(t *testing.T) {
	d := strings.Split(ozg.RegionDirectoryDate, "-")
	want := "Gebietsstand " + d[2] + "." + d[1] + "." + d[0]
	if !strings.HasSuffix(ozg.RegionDirectoryAttribution, want) || !strings.HasPrefix(ozg.RegionDirectoryAttribution, "© Statistisches Bundesamt (Destatis)") {
		t.Errorf("attribution %q does not name Destatis and %q", ozg.RegionDirectoryAttribution, want)
	}
}

func TestRegionType(t *testing.T) {
	for _, tt := range []struct {
		typ   ozg.RegionType
		name  string
		level ozg.RegionLevel
	}{
		{0, "", 0},
		{ozg.TypeKreisfreieStadt, "Kreisfreie Stadt", ozg.LevelKreis},
		{ozg.TypeRegionalverband, "Regionalverband", ozg.LevelKreis},
		{ozg.TypeVerbandsgemeinde, "Verbandsgemeinde", ozg.LevelGemeindeverband},
		{ozg.TypeVGTraegermodell, "VG Trägermodell", ozg.LevelGemeindeverband},
		{ozg.TypeGemeindeKreisfreieStadt, "Kreisfreie Stadt", ozg.LevelGemeinde},
		{ozg.TypeGrosseKreisstadt, "Große Kreisstadt", ozg.LevelGemeinde},
		{40, "RegionType(40)", 0},
		{59, "RegionType(59)", 0},
		{68, "RegionType(68)", 0},
	} {
		if tt.typ.String() != tt.name || tt.typ.Level() != tt.level {
			t.Errorf("RegionType(%d): %q %v, want %q %v", tt.typ, tt.typ.String(), tt.typ.Level(), tt.name, tt.level)
		}
	}
}

// TestRegionAllocs checks that parsing a valid key and looking a key up do
// not allocate.
func TestRegionAllocs(t *testing.T) {
	raw := []byte("071315001004")
	antweiler := ozg.MustParseARS("071315001004")
	var sink ozg.Region
	var a ozg.ARS
	var buf []byte
	tests := []struct {
		name string
		f    func()
	}{
		{"ParseARS", func() { a, _ = ozg.ParseARS("071315001004") }},
		{"ParseAGS", func() { g, _ := ozg.ParseAGS("07131004"); a, _ = g.ARS() }},
		{"ParseLand", func() { l, _ := ozg.ParseLand("07"); a = l.ARS() }},
		{"UnmarshalText", func() { _ = a.UnmarshalText(raw) }},
		{"LookupRegion", func() { sink, _ = ozg.LookupRegion(antweiler) }},
		{"Exists", func() { _ = antweiler.Exists() }},
		{"AGS.ARS", func() { a, _ = ozg.MustParseAGS("07131004").ARS() }},
		{"AppendText", func() { buf, _ = antweiler.AppendText(buf[:0]) }},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.f); n != 0 {
			t.Errorf("%s: %v allocations, want 0", tt.name, n)
		}
	}
	if sink.Name != "Antweiler" {
		t.Errorf("looked up %q", sink.Name)
	}
}
