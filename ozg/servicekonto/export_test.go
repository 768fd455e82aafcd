package servicekonto

// SetStructureCheck switches the structural pre-check off or on, so tests
// can show that the signature layer alone refuses the wrapping attacks.
func SetStructureCheck(on bool) { structureCheck = on }
