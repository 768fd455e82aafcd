// Package genericode reads OASIS genericode 1.0 code lists as XRepository
// publishes them for XÖV standards, and keeps them in a Registry keyed by
// (listURI, version) — the listURI and listVersionID attributes of an
// xoev-code:Code.
//
// Three generations of XÖV metadata occur in the wild and are all read:
// the old xoev-gc-codelist-1_0 namespace (key marked with xoev-code, name
// column with xoev-codename), genericode/3 (empfohleneCodeSpalte) and
// genericode/4 (recommendedKeyColumn). The code column is the column of the
// marked key (else the first key); the name column is the xoev-codename
// key's column or else the column after the code column.
//
// A Registry is loaded from files, a directory or any fs.FS (embed.FS
// works); lookups by (URI, version, code) do not allocate. Package
// xoev/xrepository fetches lists over the network and caches them on disk.
//
// # Errors
//
// Parse returns an *ozg.Error with code InvalidArgument wrapping a
// *ParseError that names the genericode element at fault (e.g.
// "ColumnSet/Key[1]/ColumnRef"). Registry loaders add the file name.
//
// # Testing
//
// testdata holds five real lists, at least one per metadata generation;
// FuzzParse fuzzes the reader from them.
package genericode
