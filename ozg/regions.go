package ozg

import (
	"iter"
	"strconv"
)

//go:generate go run ../internal/regiongen -in ../internal/regiongen/data/de_gv100ad_2023-11-30.csv -out .

// RegionDirectoryDate is the Gebietsstand (reference date, YYYY-MM-DD) of
// the embedded region directory.
const RegionDirectoryDate = regionGebietsstand

// RegionDirectoryAttribution is the source note that the licence of the
// embedded region directory (Datenlizenz Deutschland – Namensnennung – 2.0,
// dl-de/by-2-0) requires wherever its data are shown or passed on.
const RegionDirectoryAttribution = "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Gebietsstand 30.11.2023"

// Region is an entry of the embedded region directory, the Gemeindeverzeichnis
// GV100AD of the Statistisches Bundesamt (Destatis) as of
// RegionDirectoryDate: every Land, Regierungsbezirk, Kreis, Gemeindeverband
// and Gemeinde of Germany.
//
// The directory's data are licensed under dl-de/by-2-0; show
// RegionDirectoryAttribution with them.
type Region struct {
	ARS        ARS        // the regional key; its Level is the region's level
	AGS        AGS        // the municipality key; zero for a Gemeindeverband
	Name       string     // official name, such as "Mainz, Stadt" or "Adenau"
	Seat       string     // seat of the administration (Sitz der Verwaltung); "" for Gemeinden and some Gemeindeverbände
	Type       RegionType // kind of Kreis, Gemeindeverband or Gemeinde; 0 for Länder and Regierungsbezirke
	PLZ        string     // postcode (Postleitzahl) of the administration's seat; Gemeinden only, and not all
	AreaHa     int        // area in hectares; Gemeinden only
	Population int        // population; Gemeinden only
}

// Level returns the level of the region, the level of its ARS.
func (r Region) Level() RegionLevel { return r.ARS.Level() }

// RegionType is the kind of a Kreis, Gemeindeverband or Gemeinde, the "Typ"
// of the GV100AD. Its numeric value is the GV100AD code: 41-45 for Kreise,
// 50-58 for Gemeindeverbände, 60-67 for Gemeinden. Länder and
// Regierungsbezirke have the zero type.
type RegionType uint8

// The region types of the GV100AD.
const (
	TypeKreisfreieStadt RegionType = 41 // Kreis: Kreisfreie Stadt (city not part of a Kreis)
	TypeStadtkreis      RegionType = 42 // Kreis: Stadtkreis (Baden-Württemberg's name for a Kreisfreie Stadt)
	TypeKreis           RegionType = 43 // Kreis: Kreis
	TypeLandkreis       RegionType = 44 // Kreis: Landkreis
	TypeRegionalverband RegionType = 45 // Kreis: Regionalverband (Saarbrücken)

	TypeVerbandsfreieGemeinde   RegionType = 50 // Gemeindeverband: a Gemeinde that belongs to no association
	TypeAmt                     RegionType = 51 // Gemeindeverband: Amt
	TypeSamtgemeinde            RegionType = 52 // Gemeindeverband: Samtgemeinde
	TypeVerbandsgemeinde        RegionType = 53 // Gemeindeverband: Verbandsgemeinde
	TypeVerwaltungsgemeinschaft RegionType = 54 // Gemeindeverband: Verwaltungsgemeinschaft
	TypeKirchspielslandgemeinde RegionType = 55 // Gemeindeverband: Kirchspielslandgemeinde
	TypeVerwaltungsverband      RegionType = 56 // Gemeindeverband: Verwaltungsverband
	TypeVGTraegermodell         RegionType = 57 // Gemeindeverband: Verwaltungsgemeinschaft, Trägermodell
	TypeErfuellendeGemeinde     RegionType = 58 // Gemeindeverband: Erfüllende Gemeinde

	TypeMarkt                         RegionType = 60 // Gemeinde: Markt
	TypeGemeindeKreisfreieStadt       RegionType = 61 // Gemeinde: Kreisfreie Stadt
	TypeGemeindeStadtkreis            RegionType = 62 // Gemeinde: Stadtkreis
	TypeStadt                         RegionType = 63 // Gemeinde: Stadt
	TypeKreisangehoerigeGemeinde      RegionType = 64 // Gemeinde: kreisangehörige Gemeinde
	TypeGemeindefreiesGebietBewohnt   RegionType = 65 // Gemeinde: gemeindefreies Gebiet, inhabited
	TypeGemeindefreiesGebietUnbewohnt RegionType = 66 // Gemeinde: gemeindefreies Gebiet, uninhabited
	TypeGrosseKreisstadt              RegionType = 67 // Gemeinde: Große Kreisstadt
)

// regionTypeNames are the GV100AD designations, indexed by code.
var regionTypeNames = [...]string{
	TypeKreisfreieStadt:               "Kreisfreie Stadt",
	TypeStadtkreis:                    "Stadtkreis",
	TypeKreis:                         "Kreis",
	TypeLandkreis:                     "Landkreis",
	TypeRegionalverband:               "Regionalverband",
	TypeVerbandsfreieGemeinde:         "Verbandsfreie Gemeinde",
	TypeAmt:                           "Amt",
	TypeSamtgemeinde:                  "Samtgemeinde",
	TypeVerbandsgemeinde:              "Verbandsgemeinde",
	TypeVerwaltungsgemeinschaft:       "Verwaltungsgemeinschaft",
	TypeKirchspielslandgemeinde:       "Kirchspielslandgemeinde",
	TypeVerwaltungsverband:            "Verwaltungsverband",
	TypeVGTraegermodell:               "VG Trägermodell",
	TypeErfuellendeGemeinde:           "Erfüllende Gemeinde",
	TypeMarkt:                         "Markt",
	TypeGemeindeKreisfreieStadt:       "Kreisfreie Stadt",
	TypeGemeindeStadtkreis:            "Stadtkreis",
	TypeStadt:                         "Stadt",
	TypeKreisangehoerigeGemeinde:      "Kreisangehörige Gemeinde",
	TypeGemeindefreiesGebietBewohnt:   "gemeindefreies Gebiet, bewohnt",
	TypeGemeindefreiesGebietUnbewohnt: "gemeindefreies Gebiet, unbewohnt",
	TypeGrosseKreisstadt:              "Große Kreisstadt",
}

// String returns the GV100AD designation of the type, such as
// "Verbandsgemeinde"; "" for the zero type and "RegionType(N)" for an
// undefined value.
func (t RegionType) String() string {
	if t == 0 {
		return ""
	}
	if int(t) < len(regionTypeNames) && regionTypeNames[t] != "" {
		return regionTypeNames[t]
	}
	return "RegionType(" + strconv.Itoa(int(t)) + ")"
}

// Level returns the level of the regions of type t: LevelKreis,
// LevelGemeindeverband or LevelGemeinde; 0 for the zero or an undefined
// type.
func (t RegionType) Level() RegionLevel {
	if int(t) >= len(regionTypeNames) || regionTypeNames[t] == "" {
		return 0
	}
	switch t / 10 {
	case 4:
		return LevelKreis
	case 5:
		return LevelGemeindeverband
	}
	return LevelGemeinde
}

// le32 and le64 read little-endian integers from the directory.
func le32(s string, o int) uint32 {
	_ = s[o+3]
	return uint32(s[o]) | uint32(s[o+1])<<8 | uint32(s[o+2])<<16 | uint32(s[o+3])<<24
}

func le64(s string, o int) uint64 {
	return uint64(le32(s, o)) | uint64(le32(s, o+4))<<32
}

// regionKey returns the packed ARS of directory entry i.
func regionKey(i int) uint64 { return le64(regionData, 8*i) }

// le16 reads a little-endian uint16 from the directory.
func le16(s string, o int) int {
	_ = s[o+1]
	return int(s[o]) | int(s[o+1])<<8
}

// bucketRange returns the range of entries of a bucket table at off whose
// first five digits are b.
func bucketRange(off int, b uint64, end int) (lo, hi int) {
	if b >= regionBuckets {
		return end, end
	}
	o := off + 2*int(b)
	return le16(regionData, o), le16(regionData, o+2)
}

// searchRegion returns the index of the first entry whose packed key is
// not below v (regionCount if there is none). It searches only the bucket
// of v's first five digits.
func searchRegion(v uint64) int {
	lo, hi := bucketRange(regionBucketsOff, v>>3/pow10[7], regionCount)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if regionKey(m) < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// findRegion returns the index of a in the directory, or -1.
func findRegion(a ARS) int {
	if a.v == 0 {
		return -1
	}
	i := searchRegion(a.v)
	if i < regionCount && regionKey(i) == a.v {
		return i
	}
	return -1
}

// regionAt decodes directory entry i.
func regionAt(i int) Region {
	o := regionRecsOff + i*regionRecSize
	r := Region{
		ARS:        ARS{regionKey(i)},
		Type:       RegionType(regionData[o+4]),
		AreaHa:     int(le32(regionData, o+8)),
		Population: int(le32(regionData, o+12)),
	}
	r.AGS, _ = r.ARS.AGS()
	t := regionTextOff + int(le32(regionData, o))
	nameLen, seatLen, plzLen := int(regionData[o+5]), int(regionData[o+6]), int(regionData[o+7])
	r.Name = regionData[t : t+nameLen]
	t += nameLen + 1
	r.Seat = regionData[t : t+seatLen]
	t += seatLen + 1
	r.PLZ = regionData[t : t+plzLen]
	return r
}

// LookupRegion returns the directory entry of a and whether there is one. It
// does not allocate; it takes O(log k) time, k being the number of entries of
// a's Kreis (a few dozen; at most a few hundred).
func LookupRegion(a ARS) (Region, bool) {
	i := findRegion(a)
	if i < 0 {
		return Region{}, false
	}
	return regionAt(i), true
}

// Regions yields every entry of the region directory in directory order
// (see ARS.Compare): each Land followed by the regions inside it.
func Regions() iter.Seq[Region] {
	return func(yield func(Region) bool) {
		for i := range regionCount {
			if !yield(regionAt(i)) {
				return
			}
		}
	}
}

// Exists reports whether a is in the region directory.
func (a ARS) Exists() bool { return findRegion(a) >= 0 }

// subtree returns the index range of the directory entries strictly inside
// the area of a; the whole directory for the zero ARS.
func subtree(a ARS) (lo, hi int) {
	if a.v == 0 {
		return 0, regionCount
	}
	lo = searchRegion(a.v)
	if lo < regionCount && regionKey(lo) == a.v {
		lo++
	}
	unit := pow10[12-a.Len()]
	hi = searchRegion((a.pad() + unit) << 3)
	return lo, hi
}

// Children yields the largest directory regions strictly inside the area of
// a, in directory order: the Regierungsbezirke of a Land (or its Kreise if it
// has none), the Kreise of a Regierungsbezirk, the Gemeindeverbände of a
// Kreis, the Gemeinden of a Gemeindeverband. The children of the zero ARS are
// the Länder. Where an intermediate level is missing from the directory the
// next one steps in: the Gemeindeverband 070009999 is a child of the Land 07.
func (a ARS) Children() iter.Seq[Region] {
	return func(yield func(Region) bool) {
		i, hi := subtree(a)
		for i < hi {
			r := regionAt(i)
			if !yield(r) {
				return
			}
			_, i = subtree(r.ARS)
		}
	}
}

// searchAGS returns the index of the region of the Gemeinde with the
// 8-digit key g (as a number) in the directory, or -1.
func searchAGS(g uint32) int {
	lo, hi := bucketRange(regionAGSBucketsOff, uint64(g/1000), regionAGSCount)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if le32(regionData, regionAGSOff+8*m) < g {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < regionAGSCount && le32(regionData, regionAGSOff+8*lo) == g {
		return int(le32(regionData, regionAGSOff+8*lo+4))
	}
	return -1
}

// ARS returns the regional key of the same area and whether there is one.
// For a Land, Regierungsbezirk or Kreis both keys have the same digits and
// ARS reports true without consulting the directory. For a Gemeinde the ARS
// adds the digits of its Gemeindeverband, which only the region directory
// knows: ARS reports false if the Gemeinde is not in it.
func (g AGS) ARS() (ARS, bool) {
	switch l := g.Level(); l {
	case LevelGemeinde:
		i := searchAGS(uint32(g.pad()))
		if i < 0 {
			return ARS{}, false
		}
		return ARS{regionKey(i)}, true
	case LevelLand, LevelRegierungsbezirk, LevelKreis:
		return ARS{g.pad()*pow10[4]<<3 | uint64(l)}, true
	}
	return ARS{}, false
}

// Exists reports whether g is in the region directory.
func (g AGS) Exists() bool {
	if g.Level() == LevelGemeinde {
		return searchAGS(uint32(g.pad())) >= 0
	}
	a, ok := g.ARS()
	return ok && a.Exists()
}

// LookupRegionAGS returns the directory entry of g and whether there is one.
func LookupRegionAGS(g AGS) (Region, bool) {
	a, ok := g.ARS()
	if !ok {
		return Region{}, false
	}
	return LookupRegion(a)
}

// notInDirectory is the reason ParseKnownARS and ParseKnownAGS give for a key
// that is well-formed but unknown.
const notInDirectory = "is not in the region directory (Gebietsstand " + regionGebietsstand + ")"

// ParseKnownARS is ParseARS followed by Exists: it accepts only keys of the
// embedded region directory. A well-formed key that is not in it gives an
// *Error with code InvalidArgument wrapping a *SyntaxError with Pos 0.
func ParseKnownARS(s string) (ARS, error) {
	a, err := ParseARS(s)
	if err != nil {
		return ARS{}, err
	}
	if !a.Exists() {
		return ARS{}, syntaxError("ARS", s, 0, notInDirectory)
	}
	return a, nil
}

// ParseKnownAGS is ParseAGS followed by Exists: it accepts only keys of the
// embedded region directory. A well-formed key that is not in it gives an
// *Error with code InvalidArgument wrapping a *SyntaxError with Pos 0.
func ParseKnownAGS(s string) (AGS, error) {
	g, err := ParseAGS(s)
	if err != nil {
		return AGS{}, err
	}
	if !g.Exists() {
		return AGS{}, syntaxError("AGS", s, 0, notInDirectory)
	}
	return g, nil
}
