package ozg

import (
	"strconv"
	"unicode/utf8"
)

// RegionLevel is a level of the German administrative hierarchy as the
// regional keys (ARS, AGS) encode it, from the Land down to the Gemeinde. The
// zero value means "no level" and belongs to the zero ARS and AGS.
type RegionLevel uint8

// The levels, from the largest to the smallest area. An ARS has all five, an
// AGS has no Gemeindeverband level.
const (
	LevelLand             RegionLevel = 1 // Land (federal state): 2 digits
	LevelRegierungsbezirk RegionLevel = 2 // Regierungsbezirk (administrative district, or statistical region): 3 digits
	LevelKreis            RegionLevel = 3 // Kreis (district or kreisfreie Stadt): 5 digits
	LevelGemeindeverband  RegionLevel = 4 // Gemeindeverband (association of municipalities): 9 digits, ARS only
	LevelGemeinde         RegionLevel = 5 // Gemeinde (municipality): 12 digits in an ARS, 8 in an AGS
)

var levelNames = [...]string{"", "Land", "Regierungsbezirk", "Kreis", "Gemeindeverband", "Gemeinde"}

// String returns the German name of the level ("Land", "Regierungsbezirk",
// "Kreis", "Gemeindeverband", "Gemeinde"), "" for the zero level and
// "RegionLevel(N)" for an undefined value.
func (l RegionLevel) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "RegionLevel(" + strconv.Itoa(int(l)) + ")"
}

// Digit counts of the key levels, indexed by RegionLevel; 0 where the key type
// has no such level.
var (
	arsLens = [...]int{0, 2, 3, 5, 9, 12}
	agsLens = [...]int{0, 2, 3, 5, 0, 8}
)

// pow10 holds the powers of ten up to 10^12.
var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12}

// keyLevel returns the level of a key with n digits, or 0 if no level has n
// digits.
func keyLevel(lens *[6]int, n int) RegionLevel {
	for l := LevelLand; l <= LevelGemeinde; l++ {
		if lens[l] == n {
			return l
		}
	}
	return 0
}

// parseKey checks s as a regional key of type typ ("ARS" or "AGS") whose
// levels have the digit counts lens, and returns it padded with zeros to
// lens[LevelGemeinde] digits, and its level. It reads left to right and
// reports the first character at fault: a non-digit, an unknown Land in
// characters 1-2, a Regierungsbezirk 0 in a 3-digit key; then a wrong length.
func parseKey[T string | []byte](typ string, s T, lens *[6]int) (uint64, RegionLevel, error) {
	if len(s) == 0 {
		return 0, 0, syntaxError(typ, string(s), 0, "is empty")
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, 0, syntaxError(typ, string(s), runePos(s, i), "is not a digit")
		}
		if i < lens[LevelGemeinde] {
			v = v*10 + uint64(c-'0')
		}
		switch {
		case i == 1:
			if v < 1 || v > 16 {
				return 0, 0, unknownLand(typ, string(s))
			}
		case i == 2 && len(s) == 3 && c == '0':
			return 0, 0, syntaxError(typ, string(s), 3, "is 0, which means no Regierungsbezirk: use the 2-digit key of the Land")
		}
	}
	lvl := keyLevel(lens, len(s))
	if lvl == 0 {
		return 0, 0, syntaxError(typ, string(s), 0, "has "+digitCount(len(s))+"; an "+typ+" has "+lenList(lens))
	}
	return v * pow10[lens[LevelGemeinde]-len(s)], lvl, nil
}

// unknownLand reports that characters 1-2 of s, all digits, are not the key
// of a Land.
func unknownLand(typ, s string) error {
	return syntaxError(typ, s, 2, "ends the Land part (characters 1-2) "+strconv.Quote(s[:2])+", which is not a Land: Länder are 01 to 16")
}

// digitCount formats "1 digit" or "N digits".
func digitCount(n int) string {
	if n == 1 {
		return "1 digit"
	}
	return strconv.Itoa(n) + " digits"
}

// runePos returns the 1-based character position of byte offset i in s.
func runePos[T string | []byte](s T, i int) int {
	return utf8.RuneCountInString(string(s[:i])) + 1
}

// lenList formats the digit counts of a key type: "2, 3, 5, 9 or 12".
func lenList(lens *[6]int) string {
	var b []byte
	var ns []int
	for _, n := range lens {
		if n > 0 {
			ns = append(ns, n)
		}
	}
	for i, n := range ns {
		switch {
		case i == len(ns)-1:
			b = append(b, " or "...)
		case i > 0:
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return string(b) + " digits"
}

// appendKey appends the first n of the width digits of the padded key v.
func appendKey(b []byte, v uint64, width, n int) []byte {
	var buf [12]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, buf[:n]...)
}
