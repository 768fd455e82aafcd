package einvoice

import (
	"regexp"
	"strings"
)

// German explanations of the EN 16931 core rules (BR, BR-CO); the English
// explanation is the official message. The BR-DEC and VAT category rules
// are explained from templates (init below).
var germanCore = map[string]string{
	"BR-01":    "Die Rechnung muss eine Spezifikationskennung (BT-24) enthalten.",
	"BR-02":    "Die Rechnung muss eine Rechnungsnummer (BT-1) enthalten.",
	"BR-03":    "Die Rechnung muss ein Rechnungsdatum (BT-2) enthalten.",
	"BR-04":    "Die Rechnung muss einen Rechnungsartcode (BT-3) enthalten.",
	"BR-05":    "Die Rechnung muss einen Währungscode (BT-5) enthalten.",
	"BR-06":    "Die Rechnung muss den Namen des Verkäufers (BT-27) enthalten.",
	"BR-07":    "Die Rechnung muss den Namen des Käufers (BT-44) enthalten.",
	"BR-08":    "Die Rechnung muss die Postanschrift des Verkäufers (BG-5) enthalten.",
	"BR-09":    "Die Postanschrift des Verkäufers (BG-5) muss einen Ländercode (BT-40) enthalten.",
	"BR-10":    "Die Rechnung muss die Postanschrift des Käufers (BG-8) enthalten.",
	"BR-11":    "Die Postanschrift des Käufers (BG-8) muss einen Ländercode (BT-55) enthalten.",
	"BR-12":    "Die Rechnung muss die Summe der Nettobeträge der Rechnungspositionen (BT-106) enthalten.",
	"BR-13":    "Die Rechnung muss den Gesamtbetrag ohne Umsatzsteuer (BT-109) enthalten.",
	"BR-14":    "Die Rechnung muss den Gesamtbetrag einschließlich Umsatzsteuer (BT-112) enthalten.",
	"BR-15":    "Die Rechnung muss den fälligen Zahlungsbetrag (BT-115) enthalten.",
	"BR-16":    "Die Rechnung muss mindestens eine Rechnungsposition (BG-25) enthalten.",
	"BR-17":    "Ist der Zahlungsempfänger (BG-10) nicht der Verkäufer, muss sein Name (BT-59) angegeben sein.",
	"BR-18":    "Hat der Verkäufer einen Steuervertreter (BG-11), muss dessen Name (BT-62) angegeben sein.",
	"BR-19":    "Hat der Verkäufer einen Steuervertreter (BG-11), muss dessen Postanschrift (BG-12) angegeben sein.",
	"BR-20":    "Die Postanschrift des Steuervertreters (BG-12) muss einen Ländercode (BT-69) enthalten.",
	"BR-21":    "Jede Rechnungsposition (BG-25) muss eine Positionsnummer (BT-126) haben.",
	"BR-22":    "Jede Rechnungsposition (BG-25) muss eine in Rechnung gestellte Menge (BT-129) haben.",
	"BR-23":    "Jede Rechnungsposition (BG-25) muss eine Mengeneinheit (BT-130) haben.",
	"BR-24":    "Jede Rechnungsposition (BG-25) muss einen Nettobetrag (BT-131) haben.",
	"BR-25":    "Jede Rechnungsposition (BG-25) muss eine Artikelbezeichnung (BT-153) haben.",
	"BR-26":    "Jede Rechnungsposition (BG-25) muss einen Artikelnettopreis (BT-146) haben.",
	"BR-27":    "Der Artikelnettopreis (BT-146) darf nicht negativ sein.",
	"BR-28":    "Der Artikelbruttopreis (BT-148) darf nicht negativ sein.",
	"BR-29":    "Das Ende des Rechnungszeitraums (BT-74) darf nicht vor seinem Beginn (BT-73) liegen.",
	"BR-30":    "Das Ende des Abrechnungszeitraums der Position (BT-135) darf nicht vor seinem Beginn (BT-134) liegen.",
	"BR-31":    "Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Betrag (BT-92) haben.",
	"BR-32":    "Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Umsatzsteuer-Kategoriecode (BT-95) haben.",
	"BR-33":    "Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Grund (BT-97) oder Grundcode (BT-98) haben.",
	"BR-36":    "Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Betrag (BT-99) haben.",
	"BR-37":    "Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Umsatzsteuer-Kategoriecode (BT-102) haben.",
	"BR-38":    "Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Grund (BT-104) oder Grundcode (BT-105) haben.",
	"BR-41":    "Jeder Nachlass auf Positionsebene (BG-27) muss einen Betrag (BT-136) haben.",
	"BR-42":    "Jeder Nachlass auf Positionsebene (BG-27) muss einen Grund (BT-139) oder Grundcode (BT-140) haben.",
	"BR-43":    "Jeder Zuschlag auf Positionsebene (BG-28) muss einen Betrag (BT-141) haben.",
	"BR-44":    "Jeder Zuschlag auf Positionsebene (BG-28) muss einen Grund (BT-144) oder Grundcode (BT-145) haben.",
	"BR-45":    "Jede Aufschlüsselung der Umsatzsteuer (BG-23) muss einen Steuerbasisbetrag (BT-116) haben.",
	"BR-46":    "Jede Aufschlüsselung der Umsatzsteuer (BG-23) muss einen Steuerbetrag (BT-117) haben.",
	"BR-47":    "Jede Aufschlüsselung der Umsatzsteuer (BG-23) muss einen Umsatzsteuer-Kategoriecode (BT-118) haben.",
	"BR-48":    "Jede Aufschlüsselung der Umsatzsteuer (BG-23) muss einen Steuersatz (BT-119) haben, außer die Rechnung unterliegt nicht der Umsatzsteuer.",
	"BR-49":    "Jede Zahlungsanweisung (BG-16) muss einen Code für die Zahlungsart (BT-81) haben.",
	"BR-50":    "Bei einer Überweisung (BG-17) muss die Kontokennung (BT-84), z. B. die IBAN, angegeben sein.",
	"BR-51":    "Die Rechnung darf die Kartennummer (BT-87) nicht vollständig enthalten (höchstens die ersten 6 und letzten 4 Ziffern).",
	"BR-52":    "Jedes rechnungsbegründende Dokument (BG-24) muss eine Kennung (BT-122) haben.",
	"BR-53":    "Ist eine Umsatzsteuer-Buchungswährung (BT-6) angegeben, muss der Umsatzsteuerbetrag in dieser Währung (BT-111) angegeben sein.",
	"BR-54":    "Jedes Artikelattribut (BG-32) muss einen Namen (BT-160) und einen Wert (BT-161) haben.",
	"BR-55":    "Jeder Verweis auf eine vorausgegangene Rechnung (BG-3) muss deren Nummer (BT-25) enthalten.",
	"BR-56":    "Jeder Steuervertreter des Verkäufers (BG-11) muss eine Umsatzsteuer-Identifikationsnummer (BT-63) haben.",
	"BR-57":    "Jede Lieferanschrift (BG-15) muss einen Ländercode (BT-80) enthalten.",
	"BR-61":    "Bei Zahlungsart SEPA-Überweisung oder Überweisung (Code 30 oder 58) muss die Kontokennung (BT-84) angegeben sein.",
	"BR-62":    "Die elektronische Adresse des Verkäufers (BT-34) muss eine Schemakennung (BT-34-1) haben.",
	"BR-63":    "Die elektronische Adresse des Käufers (BT-49) muss eine Schemakennung (BT-49-1) haben.",
	"BR-64":    "Die Artikelkennung nach Standard (BT-157) muss eine Schemakennung haben.",
	"BR-65":    "Die Artikelklassifizierung (BT-158) muss eine Schemakennung haben.",
	"BR-CO-03": "Steuerdatum (BT-7) und Code für das Steuerdatum (BT-8) schließen einander aus.",
	"BR-CO-04": "Jede Rechnungsposition (BG-25) muss einen Umsatzsteuer-Kategoriecode (BT-151) haben.",
	"BR-CO-05": "Grundcode (BT-98) und Grund (BT-97) eines Nachlasses auf Dokumentenebene müssen dieselbe Art von Nachlass bezeichnen.",
	"BR-CO-06": "Grundcode (BT-105) und Grund (BT-104) eines Zuschlags auf Dokumentenebene müssen dieselbe Art von Zuschlag bezeichnen.",
	"BR-CO-07": "Grundcode (BT-140) und Grund (BT-139) eines Nachlasses auf Positionsebene müssen dieselbe Art von Nachlass bezeichnen.",
	"BR-CO-08": "Grundcode (BT-145) und Grund (BT-144) eines Zuschlags auf Positionsebene müssen dieselbe Art von Zuschlag bezeichnen.",
	"BR-CO-09": "Umsatzsteuer-Identifikationsnummern (BT-31, BT-48, BT-63) müssen mit einem Länderpräfix nach ISO 3166-1 alpha-2 beginnen (Griechenland: EL, Nordirland: XI).",
	"BR-CO-10": "Die Summe der Positionsnettobeträge (BT-106) muss der Summe der Nettobeträge aller Rechnungspositionen (BT-131) entsprechen.",
	"BR-CO-11": "Die Summe der Nachlässe auf Dokumentenebene (BT-107) muss der Summe der einzelnen Nachlassbeträge (BT-92) entsprechen.",
	"BR-CO-12": "Die Summe der Zuschläge auf Dokumentenebene (BT-108) muss der Summe der einzelnen Zuschlagsbeträge (BT-99) entsprechen.",
	"BR-CO-13": "Der Gesamtbetrag ohne Umsatzsteuer (BT-109) muss BT-106 − BT-107 + BT-108 entsprechen.",
	"BR-CO-14": "Der Umsatzsteuergesamtbetrag (BT-110) muss der Summe der Steuerbeträge je Kategorie (BT-117) entsprechen.",
	"BR-CO-15": "Der Gesamtbetrag einschließlich Umsatzsteuer (BT-112) muss BT-109 + BT-110 entsprechen.",
	"BR-CO-16": "Der fällige Zahlungsbetrag (BT-115) muss BT-112 − BT-113 + BT-114 entsprechen.",
	"BR-CO-17": "Der Steuerbetrag einer Kategorie (BT-117) muss BT-116 × BT-119 / 100 entsprechen, auf zwei Nachkommastellen gerundet.",
	"BR-CO-18": "Die Rechnung muss mindestens eine Aufschlüsselung der Umsatzsteuer (BG-23) enthalten.",
	"BR-CO-19": "Ein Rechnungszeitraum (BG-14) muss ein Anfangs- (BT-73) oder Enddatum (BT-74) enthalten.",
	"BR-CO-20": "Ein Abrechnungszeitraum der Position (BG-26) muss ein Anfangs- (BT-134) oder Enddatum (BT-135) enthalten.",
	"BR-CO-21": "Jeder Nachlass auf Dokumentenebene (BG-20) muss einen Grund (BT-97) oder einen Grundcode (BT-98) enthalten, oder beides.",
	"BR-CO-22": "Jeder Zuschlag auf Dokumentenebene (BG-21) muss einen Grund (BT-104) oder einen Grundcode (BT-105) enthalten, oder beides.",
	"BR-CO-23": "Jeder Nachlass auf Positionsebene (BG-27) muss einen Grund (BT-139) oder einen Grundcode (BT-140) enthalten, oder beides.",
	"BR-CO-24": "Jeder Zuschlag auf Positionsebene (BG-28) muss einen Grund (BT-144) oder einen Grundcode (BT-145) enthalten, oder beides.",
	"BR-CO-26": "Damit der Käufer den Verkäufer automatisch erkennen kann, muss dessen Kennung (BT-29), Registernummer (BT-30) oder Umsatzsteuer-Identifikationsnummer (BT-31) angegeben sein.",
}

// vatCategoryGerman names the VAT categories of the family rules in German.
var vatCategoryGerman = map[string]string{
	"BR-S":  "Umsatzsteuer mit Normalsatz (S)",
	"BR-Z":  "nullbesteuert (Z)",
	"BR-E":  "steuerbefreit (E)",
	"BR-AE": "Umkehrung der Steuerschuldnerschaft (AE)",
	"BR-IC": "innergemeinschaftliche Lieferung (K)",
	"BR-G":  "Ausfuhr in Länder außerhalb der EU (G)",
	"BR-O":  "nicht steuerbar (O)",
	"BR-AF": "IGIC, Kanarische Inseln (L)",
	"BR-AG": "IPSI, Ceuta und Melilla (M)",
	"BR-B":  "Split Payment, Italien (B)",
}

var termRE = regexp.MustCompile(`\((BT-[0-9]+)\)`)

func init() {
	for _, r := range catalogue {
		en := r.Message
		switch {
		case germanCore[r.ID] != "":
			explanations[r.ID] = explanation{de: germanCore[r.ID], en: en}
		case r.Family == "BR-DEC":
			bt := ""
			if m := termRE.FindStringSubmatch(en); m != nil {
				bt = m[1]
			}
			explanations[r.ID] = explanation{de: "Der Betrag " + bt + " darf höchstens zwei Nachkommastellen haben.", en: en}
		case vatCategoryGerman[r.Family] != "":
			de := "Regel " + r.ID + " zur Umsatzsteuerkategorie „" + vatCategoryGerman[r.Family] + "“ ist verletzt"
			if bts := termRE.FindAllStringSubmatch(en, -1); len(bts) > 0 {
				var names []string
				for _, m := range bts {
					names = append(names, m[1])
				}
				de += " (betrifft " + strings.Join(names, ", ") + ")"
			}
			explanations[r.ID] = explanation{de: de + ".", en: en}
		}
	}
}
