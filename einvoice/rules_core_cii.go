package einvoice

// ciiCore is the CII binding of the EN 16931 core rules.
func ciiCore(c *vctx) {}
