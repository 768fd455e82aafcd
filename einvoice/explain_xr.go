package einvoice

// Explanations of the XRechnung rules: for the KoSIT rules (German
// messages) an English explanation, for the merged Peppol rules (English
// messages) a German one; the other language is the official message.

var englishXR = map[string]string{
	"BR-DE-1":        "An XRechnung must contain payment instructions (BG-16).",
	"BR-DE-2":        "The seller contact group (BG-6) must be present.",
	"BR-DE-3":        "The seller city (BT-37) must be given.",
	"BR-DE-4":        "The seller post code (BT-38) must be given.",
	"BR-DE-5":        "The seller contact point (BT-41) must be given.",
	"BR-DE-6":        "The seller contact telephone number (BT-42) must be given.",
	"BR-DE-7":        "The seller contact email address (BT-43) must be given.",
	"BR-DE-8":        "The buyer city (BT-52) must be given.",
	"BR-DE-9":        "The buyer post code (BT-53) must be given.",
	"BR-DE-10":       "A deliver-to address (BG-15) must give the city (BT-77).",
	"BR-DE-11":       "A deliver-to address (BG-15) must give the post code (BT-78).",
	"BR-DE-14":       "Every VAT breakdown must give the VAT category rate (BT-119).",
	"BR-DE-15":       "The buyer reference (BT-10), for public buyers the Leitweg-ID, must be given.",
	"BR-DE-16":       "An invoice using VAT categories S, Z, E, AE, K, G, L or M must give the seller VAT identifier (BT-31), the seller tax registration identifier (BT-32) or a seller tax representative (BG-11).",
	"BR-DE-17":       "The invoice type code (BT-3) should be one of 326, 380, 381, 384, 389, 875, 876, 877.",
	"BR-DE-18":       "Cash discount (Skonto) lines in the payment terms (BT-20) must have the form #SKONTO#TAGE=n#PROZENT=n.nn#[BASISBETRAG=n.nn#] in capitals without extra white space, each followed by a line break.",
	"BR-DE-19":       "With payment means 58 (SEPA credit transfer) the payment account identifier (BT-84) should be a valid IBAN.",
	"BR-DE-20":       "With payment means 59 (SEPA direct debit) the debited account identifier (BT-91) should be a valid IBAN.",
	"BR-DE-21":       "The specification identifier (BT-24) should be that of XRechnung 3.0 (CIUS, Extension or CVD).",
	"BR-DE-22":       "The filenames of all attached documents (BT-125) must be unique.",
	"BR-DE-23-a":     "With payment means 30 or 58 (credit transfer) the credit transfer group (BG-17) must be present.",
	"BR-DE-23-b":     "With payment means 30 or 58 (credit transfer) neither payment card (BG-18) nor direct debit (BG-19) may be present.",
	"BR-DE-24-a":     "With payment means 48, 54 or 55 (card payment) the payment card group (BG-18) must be present.",
	"BR-DE-24-b":     "With payment means 48, 54 or 55 (card payment) neither credit transfer (BG-17) nor direct debit (BG-19) may be present.",
	"BR-DE-25-a":     "With payment means 59 (direct debit) the direct debit group (BG-19) must be present.",
	"BR-DE-25-b":     "With payment means 59 (direct debit) neither credit transfer (BG-17) nor payment card (BG-18) may be present.",
	"BR-DE-26":       "A corrected invoice (type code 384) should reference the preceding invoice (BG-3).",
	"BR-DE-27":       "The seller contact telephone number (BT-42) should contain at least three digits.",
	"BR-DE-28":       "The seller contact email address (BT-43) should have exactly one @, not next to a space or dot, with at least two characters on each side, and not start or end with a dot.",
	"BR-DE-30":       "With a direct debit (BG-19) the bank assigned creditor identifier (BT-90) must be given.",
	"BR-DE-31":       "With a direct debit (BG-19) the debited account identifier (BT-91) must be given.",
	"BR-DE-CVD-01":   "An XRechnung CVD invoice must give the contract reference (BT-12).",
	"BR-DE-CVD-02":   "An XRechnung CVD invoice must give the tender or lot reference (BT-17).",
	"BR-DE-CVD-03":   "An XRechnung CVD invoice needs at least one line whose item classification (BT-158) has scheme CVD and whose item attribute name (BT-160) is 'cva'.",
	"BR-DE-CVD-04":   "An item classification identifier (BT-158) with scheme CVD must be an allowed vehicle category (M1, M2, M3, N1, N2, N3).",
	"BR-DE-CVD-05":   "The item attribute value (BT-161) of the attribute 'cva' must be clean, zero-emission or other.",
	"BR-DE-CVD-06-a": "A line with an item classification of scheme CVD must have exactly one item attribute named 'cva'.",
	"BR-DE-CVD-06-b": "A line with an item attribute named 'cva' must have exactly one item classification of scheme CVD.",
	"BR-DE-TMP-32":   "The invoice should give the delivery date (BT-72), an invoicing period (BG-14) or a period on every line (BG-26).",
	"BR-DEX-01":      "An attached document (BT-125) of an XRechnung Extension invoice uses a MIME code that is not allowed (besides the EN 16931 list, application/xml is allowed).",
	"BR-DEX-02":      "The net amount (BT-131) of a line or sub line should equal the sum of the net amounts of its sub lines (BG-DEX-01).",
	"BR-DEX-03":      "A sub invoice line (BG-DEX-01) must have exactly one VAT information group (BG-DEX-06).",
	"BR-DEX-04":      "A party identifier scheme must be from the ISO 6523 ICD list (or SEPA for seller and payee).",
	"BR-DEX-05":      "A legal registration identifier scheme must be from the ISO 6523 ICD list.",
	"BR-DEX-06":      "An item standard identifier scheme must be from the ISO 6523 ICD list.",
	"BR-DEX-07":      "An electronic address scheme must be from the CEF EAS list.",
	"BR-DEX-08":      "A delivery location identifier scheme must be from the ISO 6523 ICD list.",
	"BR-DEX-09":      "Amount due (BT-115) = total with VAT (BT-112) − paid amount (BT-113) + rounding amount (BT-114) + the third party payment amounts (BT-DEX-002).",
	"BR-DEX-10":      "A third party payment (BG-DEX-09) must give its type (BT-DEX-001).",
	"BR-DEX-11":      "A third party payment (BG-DEX-09) must give its amount (BT-DEX-002).",
	"BR-DEX-12":      "A third party payment (BG-DEX-09) must give its description (BT-DEX-003).",
	"BR-DEX-13":      "The third party payment amount (BT-DEX-002) may have at most two decimals.",
	"BR-DEX-14":      "The currency of the third party payment amount (BT-DEX-002) must be the invoice currency (BT-5).",
	"BR-DEX-15":      "The CII invoice may use sub invoice lines (ParentLineID), which XRechnung does not support.",
	"BR-TMP-2":       "The external document location (BT-124) must be an absolute URL with a valid scheme.",
	"BR-TMP-3":       "If the item price base quantity (BT-149) is given for both gross and net price, both must be equal, and so must their unit codes (BT-150).",
	"BR-TMP-CVD-01":  "The scheme of an item classification identifier (BT-158) must be from UNTDID 7143.",
}

// germanPeppol explains the merged Peppol rules (official messages in
// English) in German.
var germanPeppol = map[string]string{
	"PEPPOL-EN16931-R001":   "Der Geschäftsprozess (BT-23) muss angegeben sein.",
	"PEPPOL-EN16931-R005":   "Die Steuerwährung (BT-6) muss sich, wenn angegeben, von der Rechnungswährung (BT-5) unterscheiden.",
	"PEPPOL-EN16931-R008":   "Das Dokument darf keine leeren Elemente enthalten.",
	"PEPPOL-EN16931-R010":   "Die elektronische Adresse des Käufers (BT-49) muss angegeben sein.",
	"PEPPOL-EN16931-R020":   "Die elektronische Adresse des Verkäufers (BT-34) muss angegeben sein.",
	"PEPPOL-EN16931-R040":   "Der Betrag eines Nachlasses oder Zuschlags muss Basisbetrag × Prozentsatz / 100 sein, wenn beide angegeben sind.",
	"PEPPOL-EN16931-R041":   "Ist ein Prozentsatz für einen Nachlass oder Zuschlag angegeben, muss auch der Basisbetrag angegeben sein.",
	"PEPPOL-EN16931-R042":   "Ist ein Basisbetrag für einen Nachlass oder Zuschlag angegeben, muss auch der Prozentsatz angegeben sein.",
	"PEPPOL-EN16931-R043":   "Der ChargeIndicator eines Nachlasses oder Zuschlags muss 'true' oder 'false' sein.",
	"PEPPOL-EN16931-R043-1": "Der ChargeIndicator eines Nachlasses oder Zuschlags muss 'true' oder 'false' sein.",
	"PEPPOL-EN16931-R043-2": "Der ChargeIndicator eines Preisnachlasses muss 'true' oder 'false' sein.",
	"PEPPOL-EN16931-R044":   "Zuschläge auf Preisebene sind nicht erlaubt; nur Nachlässe (ChargeIndicator 'false').",
	"PEPPOL-EN16931-R046":   "Ist ein Bruttopreis (BT-148) angegeben, muss der Nettopreis (BT-146) Bruttopreis − Preisnachlass (BT-147) sein.",
	"PEPPOL-EN16931-R053":   "Es muss genau eine Steuergesamtsumme mit Aufschlüsselung nach Umsatzsteuerkategorien angegeben sein.",
	"PEPPOL-EN16931-R054":   "Eine Steuergesamtsumme ohne Aufschlüsselung ist genau dann anzugeben, wenn eine Steuerwährung (BT-6) angegeben ist.",
	"PEPPOL-EN16931-R055":   "Die Umsatzsteuersumme (BT-110) und die Umsatzsteuersumme in Steuerwährung (BT-111) müssen dasselbe Vorzeichen haben.",
	"PEPPOL-EN16931-R061":   "Bei Lastschrift muss die Mandatsreferenz (BT-89) angegeben sein.",
	"PEPPOL-EN16931-R101":   "Eine Dokumentreferenz auf Positionsebene darf nur die Objektkennung (Typ 130) sein.",
	"PEPPOL-EN16931-R110":   "Der Beginn des Abrechnungszeitraums einer Position (BT-134) muss im Abrechnungszeitraum der Rechnung liegen.",
	"PEPPOL-EN16931-R111":   "Das Ende des Abrechnungszeitraums einer Position (BT-135) muss im Abrechnungszeitraum der Rechnung liegen.",
	"PEPPOL-EN16931-R120":   "Der Nettobetrag einer Position (BT-131) muss Menge × (Nettopreis / Basismenge) + Zuschläge − Nachlässe der Position sein (Toleranz 0,02).",
	"PEPPOL-EN16931-R121":   "Die Basismenge des Preises (BT-149) muss größer als null sein.",
	"PEPPOL-EN16931-R130":   "Die Einheit der Basismenge des Preises (BT-150) muss die der berechneten Menge (BT-130) sein.",
}

func init() {
	for id, en := range englishXR {
		explanations[id] = explanation{de: xrRule(id).Message, en: en}
	}
	for id, de := range germanPeppol {
		explanations[id] = explanation{de: de, en: xrRule(id).Message}
	}
}

// xrRule returns the catalogue entry of an XRechnung rule id; an unknown id
// is a bug and panics at init.
func xrRule(id string) *Rule {
	r := ruleIndex[id]
	if r == nil || r.Source != SourceXRechnung {
		panic("einvoice: explanation for an unknown XRechnung rule " + id)
	}
	return r
}
