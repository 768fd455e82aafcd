// Command regiongen builds the embedded region directory of package ozg from
// the Destatis Gemeindeverzeichnis (GV100AD) converted to CSV (see
// data/README.md for the columns, the source and the licence).
//
// Usage (run by go generate in package ozg):
//
//	go run ../internal/regiongen -in ../internal/regiongen/data/de_gv100ad_2023-11-30.csv -out .
//
// It writes two files into the output directory: gv100ad.bin, the directory
// itself, and regions_table.go, which embeds it and declares its layout.
//
// # Layout of gv100ad.bin
//
// All integers are little-endian; n is the number of regions, g the number of
// Gemeinden, and b = 17000 the number of buckets: a key falls into the bucket
// numbered by its first five digits (Land, Regierungsbezirk, Kreis), so a
// lookup searches only the few dozen keys of one Kreis.
//
//	keys     n × 8 bytes    the packed ARS of each region, ascending: the
//	                        12-digit key padded with zeros, times 8, plus the
//	                        level (1 Land … 5 Gemeinde). Ascending order is a
//	                        pre-order walk of the hierarchy: a region comes
//	                        right before the regions inside it.
//	recs     n × 16 bytes   per region, in key order: offset of its text
//	                        (uint32), GV100AD Typ (uint8), lengths of name,
//	                        seat and postcode (3 × uint8), area in hectares
//	                        (uint32), population (uint32)
//	buckets  (b+1) × 2      per bucket the index of its first key (uint16);
//	                        the last entry is n
//	ags      g × 8 bytes    per Gemeinde, ascending by AGS: the 8-digit AGS
//	                        (uint32) and the index of its region (uint32)
//	abuckets (b+1) × 2      per bucket (first five AGS digits) the index of
//	                        its first ags entry (uint16); the last entry is g
//	text                    per region "name\tseat\tpostcode\n"
//
// The generator checks every row (key lengths and digits, the AGS derived
// from the ARS, the Typ codes, numeric fields, duplicate keys) and refuses
// input that does not fit, naming the line.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Output file names, relative to the output directory.
const (
	binName = "gv100ad.bin"
	goName  = "regions_table.go"
	recSize = 16
	buckets = 17000 // first five digits of a key: 01000 to 16999
)

var header = []string{"satzart", "ebene", "gebietsstand", "ars", "ags", "name", "sitz", "typ", "typ_bezeichnung", "plz", "flaeche_ha", "bevoelkerung"}

// level describes one record type of the GV100AD that forms the ARS.
type level struct {
	num     uint64 // 1 Land … 5 Gemeinde
	name    string // the "ebene" column
	arsLen  int
	agsLen  int // 0: no AGS at this level
	typMin  int // allowed Typ codes; 0,0: none
	typMax  int
	gemeind bool // postcode, area and population present
}

var levels = map[string]level{
	"10": {1, "Land", 2, 2, 0, 0, false},
	"20": {2, "Regierungsbezirk", 3, 3, 0, 0, false},
	"40": {3, "Kreis", 5, 5, 41, 45, false},
	"50": {4, "Gemeindeverband", 9, 0, 50, 58, false},
	"60": {5, "Gemeinde", 12, 8, 60, 67, true},
}

// region is one parsed row.
type region struct {
	key        uint64
	ags        uint32 // Gemeinden only
	name, seat string
	plz        string
	typ        uint8
	area, pop  uint32
}

func main() {
	in := flag.String("in", "", "GV100AD CSV file")
	out := flag.String("out", ".", "output directory")
	flag.Parse()
	if *in == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: regiongen -in FILE.csv [-out DIR]")
		os.Exit(2)
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "regiongen:", err)
		os.Exit(1)
	}
}

// run reads the CSV file in and writes the two output files into dir.
func run(in, dir string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	regs, date, err := parse(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	bin, src, err := build(regs, date, filepath.Base(in))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, binName), bin, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, goName), src, 0o644)
}

// parse reads and checks the CSV and returns its regions sorted by key and
// the Gebietsstand.
func parse(r io.Reader) ([]region, string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	cr.ReuseRecord = false
	hdr, err := cr.Read()
	if err != nil {
		return nil, "", fmt.Errorf("header: %w", err)
	}
	if !slices.Equal(hdr, header) {
		return nil, "", fmt.Errorf("header is %q, want %q", hdr, header)
	}
	var (
		regs []region
		date string
		seen = map[uint64]bool{}
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		line, _ := cr.FieldPos(0)
		reg, err := parseRow(rec)
		if err != nil {
			return nil, "", fmt.Errorf("line %d: %w", line, err)
		}
		if date == "" {
			date = rec[2]
		} else if rec[2] != date {
			return nil, "", fmt.Errorf("line %d: gebietsstand %q differs from %q", line, rec[2], date)
		}
		if seen[reg.key] {
			return nil, "", fmt.Errorf("line %d: duplicate ars %q", line, rec[3])
		}
		seen[reg.key] = true
		regs = append(regs, reg)
	}
	if len(regs) == 0 {
		return nil, "", errors.New("no rows")
	}
	if !validDate(date) {
		return nil, "", fmt.Errorf("gebietsstand %q is not YYYY-MM-DD", date)
	}
	slices.SortFunc(regs, func(a, b region) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	return regs, date, nil
}

// parseRow checks one CSV record.
func parseRow(rec []string) (region, error) {
	satzart, ebene, ars, ags, name, sitz, typ, plz, area, pop := rec[0], rec[1], rec[3], rec[4], rec[5], rec[6], rec[7], rec[9], rec[10], rec[11]
	lv, ok := levels[satzart]
	if !ok {
		return region{}, fmt.Errorf("satzart %q is not 10, 20, 40, 50 or 60", satzart)
	}
	if ebene != lv.name {
		return region{}, fmt.Errorf("ebene %q does not match satzart %s (%s)", ebene, satzart, lv.name)
	}
	if len(ars) != lv.arsLen || !digits(ars) {
		return region{}, fmt.Errorf("ars %q is not %d digits", ars, lv.arsLen)
	}
	if land := (ars[0]-'0')*10 + ars[1] - '0'; land < 1 || land > 16 {
		return region{}, fmt.Errorf("ars %q: Land %s is not 01 to 16", ars, ars[:2])
	}
	if lv.arsLen == 3 && ars[2] == '0' {
		return region{}, fmt.Errorf("ars %q: Regierungsbezirk 0", ars)
	}
	var reg region
	var wantAGS string
	switch lv.agsLen {
	case 0:
	case 8:
		wantAGS = ars[:5] + ars[9:]
	default:
		wantAGS = ars
	}
	if ags != wantAGS {
		return region{}, fmt.Errorf("ags %q, want %q for ars %q", ags, wantAGS, ars)
	}
	if lv.agsLen == 8 {
		n, _ := strconv.ParseUint(ags, 10, 32)
		reg.ags = uint32(n)
	}
	p, _ := strconv.ParseUint(ars, 10, 64)
	for range 12 - len(ars) {
		p *= 10
	}
	reg.key = p<<3 | lv.num
	if name == "" || strings.ContainsAny(name, "\t\n\r") || !validText(name) {
		return region{}, fmt.Errorf("name %q is empty or contains a control character", name)
	}
	if strings.ContainsAny(sitz, "\t\n\r") || !validText(sitz) {
		return region{}, fmt.Errorf("sitz %q contains a control character", sitz)
	}
	if len(name) > 255 || len(sitz) > 255 {
		return region{}, fmt.Errorf("name or sitz longer than 255 bytes")
	}
	reg.name, reg.seat = name, sitz
	if lv.typMin == 0 {
		if typ != "" {
			return region{}, fmt.Errorf("typ %q given for a %s", typ, lv.name)
		}
	} else {
		n, err := strconv.Atoi(typ)
		if err != nil || n < lv.typMin || n > lv.typMax {
			return region{}, fmt.Errorf("typ %q is not %d to %d", typ, lv.typMin, lv.typMax)
		}
		reg.typ = uint8(n)
	}
	if !lv.gemeind {
		if plz != "" || area != "" || pop != "" {
			return region{}, fmt.Errorf("plz, flaeche_ha or bevoelkerung given for a %s", lv.name)
		}
		return reg, nil
	}
	if plz != "" && (len(plz) != 5 || !digits(plz)) {
		return region{}, fmt.Errorf("plz %q is not 5 digits", plz)
	}
	reg.plz = plz
	a, err := strconv.ParseUint(area, 10, 32)
	if err != nil || !digits(area) {
		return region{}, fmt.Errorf("flaeche_ha %q is not a number", area)
	}
	n, err := strconv.ParseUint(pop, 10, 32)
	if err != nil || !digits(pop) {
		return region{}, fmt.Errorf("bevoelkerung %q is not a number", pop)
	}
	reg.area, reg.pop = uint32(a), uint32(n)
	return reg, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func validText(s string) bool {
	return strings.ToValidUTF8(s, "\uFFFD") == s
}

func validDate(s string) bool {
	return len(s) == 10 && digits(s[:4]) && s[4] == '-' && digits(s[5:7]) && s[7] == '-' && digits(s[8:])
}

// build lays out the binary directory and the Go file that embeds it.
func build(regs []region, date, source string) (bin, src []byte, err error) {
	n := len(regs)
	if n > 0xFFFF {
		return nil, nil, fmt.Errorf("%d regions do not fit the 16-bit bucket index", n)
	}
	type agsEntry struct{ ags, idx uint32 }
	var agsIdx []agsEntry
	var text bytes.Buffer
	recs := make([]byte, 0, n*recSize)
	keys := make([]byte, 0, n*8)
	keyBuckets := make([]int, 0, n)
	for i, r := range regs {
		keys = binary.LittleEndian.AppendUint64(keys, r.key)
		keyBuckets = append(keyBuckets, int(r.key>>3/1e7))
		if text.Len() > 1<<31 {
			return nil, nil, errors.New("text too large")
		}
		recs = binary.LittleEndian.AppendUint32(recs, uint32(text.Len()))
		recs = append(recs, r.typ, byte(len(r.name)), byte(len(r.seat)), byte(len(r.plz)))
		recs = binary.LittleEndian.AppendUint32(recs, r.area)
		recs = binary.LittleEndian.AppendUint32(recs, r.pop)
		fmt.Fprintf(&text, "%s\t%s\t%s\n", r.name, r.seat, r.plz)
		if r.key&7 == 5 {
			agsIdx = append(agsIdx, agsEntry{r.ags, uint32(i)})
		}
	}
	slices.SortFunc(agsIdx, func(a, b agsEntry) int { return int(int64(a.ags) - int64(b.ags)) })
	agsBuckets := make([]int, len(agsIdx))
	for i, e := range agsIdx {
		if i > 0 && e.ags == agsIdx[i-1].ags {
			return nil, nil, fmt.Errorf("duplicate ags %08d", e.ags)
		}
		agsBuckets[i] = int(e.ags / 1000)
	}
	var out bytes.Buffer
	out.Write(keys)
	recsOff := out.Len()
	out.Write(recs)
	bucketsOff := out.Len()
	out.Write(bucketStarts(keyBuckets))
	agsOff := out.Len()
	for _, e := range agsIdx {
		out.Write(binary.LittleEndian.AppendUint32(nil, e.ags))
		out.Write(binary.LittleEndian.AppendUint32(nil, e.idx))
	}
	agsBucketsOff := out.Len()
	out.Write(bucketStarts(agsBuckets))
	textOff := out.Len()
	out.Write(text.Bytes())

	var g bytes.Buffer
	fmt.Fprintf(&g, "// Code generated by internal/regiongen from %s; DO NOT EDIT.\n\n", source)
	g.WriteString("package ozg\n\nimport _ \"embed\"\n\n")
	g.WriteString("// regionData is the region directory built by internal/regiongen; its\n// layout is described there.\n//\n")
	fmt.Fprintf(&g, "//go:embed %s\nvar regionData string\n\n", binName)
	g.WriteString("// Layout of regionData.\nconst (\n")
	fmt.Fprintf(&g, "regionGebietsstand = %q // the directory's Gebietsstand\n", date)
	fmt.Fprintf(&g, "regionCount = %d // regions\n", n)
	fmt.Fprintf(&g, "regionAGSCount = %d // Gemeinden\n", len(agsIdx))
	fmt.Fprintf(&g, "regionBuckets = %d // buckets by the first five digits\n", buckets)
	fmt.Fprintf(&g, "regionRecSize = %d // bytes per record\n", recSize)
	fmt.Fprintf(&g, "regionRecsOff = %d // records\n", recsOff)
	fmt.Fprintf(&g, "regionBucketsOff = %d // first key of each bucket\n", bucketsOff)
	fmt.Fprintf(&g, "regionAGSOff = %d // AGS index\n", agsOff)
	fmt.Fprintf(&g, "regionAGSBucketsOff = %d // first AGS of each bucket\n", agsBucketsOff)
	fmt.Fprintf(&g, "regionTextOff = %d // names\n", textOff)
	fmt.Fprintf(&g, "regionDataLen = %d // total\n", out.Len())
	g.WriteString(")\n")
	src, err = format.Source(g.Bytes())
	if err != nil {
		return nil, nil, err
	}
	return out.Bytes(), src, nil
}

// bucketStarts returns the bucket table for entries whose (ascending)
// bucket numbers are bs: buckets+1 uint16 values, the index of the first
// entry at or after each bucket, and len(bs) at the end.
func bucketStarts(bs []int) []byte {
	out := make([]byte, 0, 2*(buckets+1))
	i := 0
	for b := 0; b <= buckets; b++ {
		for i < len(bs) && bs[i] < b {
			i++
		}
		out = binary.LittleEndian.AppendUint16(out, uint16(i))
	}
	return out
}
