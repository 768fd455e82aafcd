package einvoice

// scenario is a scenario of the KoSIT validator configuration: which
// documents it matches (root element and the exact BT-24 literal of its
// <match>), whether it applies the XRechnung Schematron, and its per-rule
// severity overrides (customLevel).
type scenario struct {
	name      string
	root      string // local name of the root element
	spec      string // BT-24 as the <match> literal
	xrechnung bool
	levels    map[string]Severity
}

// Severity overrides shared by the XRechnung scenarios.
var (
	xrLevelsUBLInvoice = map[string]Severity{"BR-CL-23": SeverityWarning, "BR-CL-21": SeverityWarning, "UBL-CR-646": SeverityFatal}
	xrLevelsCVDUBL     = map[string]Severity{"BR-CL-13": SeverityInformation, "BR-CL-23": SeverityWarning, "BR-CL-21": SeverityWarning, "UBL-CR-646": SeverityFatal}
	xrLevelsCII        = map[string]Severity{"BR-CL-23": SeverityWarning, "BR-CL-21": SeverityWarning, "CII-SR-452": SeverityFatal, "CII-SR-453": SeverityFatal, "CII-SR-454": SeverityFatal}
)

// scenarios are the eleven scenarios of scenarios.xml of
// validator-configuration-xrechnung v2026-01-31 ("Validator Configuration
// XRechnung 3.0.2"), in its order; TestScenarios compares this table with
// the file (testdata/validation/validator-configuration-xrechnung/scenarios.xml).
var scenarios = []scenario{
	{name: "EN16931 XRechnung (UBL Invoice)", root: "Invoice", spec: SpecXRechnung, xrechnung: true, levels: xrLevelsUBLInvoice},
	{name: "EN16931 XRechnung Extension (UBL Invoice)", root: "Invoice", spec: SpecXRechnungExtension, xrechnung: true, levels: map[string]Severity{
		"BR-CL-21": SeverityInformation, "BR-CL-23": SeverityWarning, "BR-CL-24": SeverityInformation, "BR-CL-10": SeverityInformation,
		"BR-CL-11": SeverityInformation, "BR-CL-25": SeverityInformation, "BR-CL-26": SeverityInformation, "BR-CO-16": SeverityInformation,
		"UBL-CR-470": SeverityInformation, "UBL-CR-646": SeverityInformation}},
	{name: "EN16931 XRechnung CVD (UBL Invoice)", root: "Invoice", spec: SpecXRechnungCVD, xrechnung: true, levels: xrLevelsCVDUBL},
	{name: "EN16931 XRechnung (UBL CreditNote)", root: "CreditNote", spec: SpecXRechnung, xrechnung: true, levels: map[string]Severity{
		"BR-CL-23": SeverityWarning, "BR-CL-21": SeverityWarning}},
	{name: "EN16931 XRechnung CVD (UBL CreditNote)", root: "CreditNote", spec: SpecXRechnungCVD, xrechnung: true, levels: xrLevelsCVDUBL},
	{name: "EN16931 XRechnung (CII)", root: "CrossIndustryInvoice", spec: SpecXRechnung, xrechnung: true, levels: xrLevelsCII},
	{name: "EN16931 XRechnung Extension (CII)", root: "CrossIndustryInvoice", spec: SpecXRechnungExtension, xrechnung: true, levels: map[string]Severity{
		"BR-CL-23": SeverityWarning, "BR-CL-21": SeverityInformation, "BR-CL-11": SeverityInformation, "BR-CL-10": SeverityInformation,
		"BR-CL-24": SeverityInformation, "BR-CL-25": SeverityInformation, "BR-CL-26": SeverityInformation,
		"CII-SR-452": SeverityFatal, "CII-SR-453": SeverityFatal, "CII-SR-454": SeverityFatal}},
	{name: "EN16931 XRechnung CVD (CII)", root: "CrossIndustryInvoice", spec: SpecXRechnungCVD, xrechnung: true, levels: map[string]Severity{
		"BR-CL-13": SeverityInformation, "BR-CL-23": SeverityWarning, "BR-CL-21": SeverityWarning,
		"CII-SR-452": SeverityFatal, "CII-SR-453": SeverityFatal, "CII-SR-454": SeverityFatal}},
	{name: "EN16931 (UBL Invoice)", root: "Invoice", spec: SpecEN16931},
	{name: "EN16931 (UBL CreditNote)", root: "CreditNote", spec: SpecEN16931},
	{name: "EN16931 (CII)", root: "CrossIndustryInvoice", spec: SpecEN16931},
}

// matchScenario returns the first scenario for the root element and BT-24,
// compared exactly as the scenario's XPath compares it (no trimming), or
// nil.
func matchScenario(root, spec string) *scenario {
	for i := range scenarios {
		if scenarios[i].root == root && scenarios[i].spec == spec {
			return &scenarios[i]
		}
	}
	return nil
}
