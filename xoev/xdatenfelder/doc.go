// Package xdatenfelder reads FIM form definitions written in the XÖV
// standard XDatenfelder: versions 2.0 (namespace
// urn:xoev-de:fim:standard:xdatenfelder_2) and 3.0.0
// (urn:xoev-de:fim:standard:xdatenfelder_3.0.0), messages
// xdatenfelder.stammdatenschema.0102 and (3.0.0)
// xdatenfelder.datenfeldgruppe.0103, into one model: Schema, Datenfeldgruppe,
// Datenfeld, Regel and CodelisteReferenz, with the shared Element metadata.
//
// The package sits under xoev because XDatenfelder is an XÖV standard
// (published in XRepository, built on the XÖV conventions for messages and
// code lists); its code-list references are resolved through the XÖV
// genericode registry of package xoev/genericode. What a form means for an
// online service — JSON Schema, validation of submitted data, the form
// description for front ends — lives in package ozg/antrag.
//
// Read keeps every element of the standard that a form needs: identifikation
// (ID and version), name, bezeichnungEingabe/-Ausgabe, hilfetextEingabe/
// -Ausgabe, beschreibung, definition, bezug, status or freigabestatus and the
// dates, schemaelementart, feldart (input select label hidden locked),
// datentyp (text text_latin date time datetime bool num num_int num_currency
// file obj), praezisierung (the JSON text of XDatenfelder 2, the attributes
// minLength maxLength minValue maxValue pattern of 3.0.0), inhalt,
// code-list references and the inline werte of 3.0.0, struktur with anzahl
// min:max ("*" unbounded), vorbefuellung, maxSize, mediaType, relations and
// the rules with their texts and scripts. An element used in several places
// (a FIM Baukastenelement reused in several groups) appears once per use.
//
// # Errors
//
// Read rejects what it does not understand instead of dropping it: an
// unknown namespace, an unexpected element, a single-valued element given
// twice with content, a missing required element or empty content, and
// codes outside their lists (feldart, datentyp, schemaelementart,
// freigabestatus, …). Errors are *ozg.Error with code InvalidArgument
// wrapping a *ReadError that names the element, its line and column and
// its path from the root, and wraps one of the Err* kinds:
//
//	xdatenfelder.Read: unexpected element (node <xdf:unknown>, line 11, column 26, at datenfeldgruppe/identifikation/unknown)
//
// # Testing
//
// testdata/fim holds the real FIM Stammdatenschema S00000094 V1.0 with its
// four code lists and the 16 XDatenfelder 2/3 parser cases of
// flxbe/xdatenfelder-xml (see testdata/fim/README.md for sources and
// licences). TestRealSchemaCounts counts groups, fields, rules and code-list
// references in the file independently of the reader and compares;
// TestParserCases runs every case as its file name says. FuzzRead fuzzes
// the reader seeded with all of them.
package xdatenfelder
