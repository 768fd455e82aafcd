// Package servicekontocmd implements "baukasten servicekonto", the
// integrator's debugging tool for SAML responses of BundID and the Länder
// service accounts, for the command-line tool to wire in:
//
//	baukasten servicekonto verify (--idp-metadata FILE | --idp-cert FILE)
//	    --sp-entity-id ID --acs URL [--sp-key FILE] [--request-id ID]
//	    [--min-level STORK-QAA-Level-N] [--now RFC3339] [--skew DUR]
//	    [--allow-sha1] RESPONSE
//
// verify reads RESPONSE (a file, "-" for stdin) holding a SAML response as
// base64 (the SAMLResponse form value) or raw XML, verifies it exactly as
// package servicekonto does in production, and prints the identity as JSON.
// With --idp-cert instead of --idp-metadata the IdP's entityID is taken
// from the response's Issuer (the signature is still checked with the given
// certificate only); without --request-id any InResponseTo is accepted.
// Both relaxations are reported on stderr.
//
// # Errors
//
// Run returns the exit status: 0 when the response is accepted, 1 when it
// is rejected — then stdout has one line "rejected: <reason-code>: <detail>"
// with the code of servicekonto.Reason — or a file cannot be read, 2 for
// usage errors (messages on stderr).
//
// # Testing
//
// The tests run verify on responses of the fake IdP of package
// servicekontotest: accepted ones, broken ones with their reason codes,
// both input forms, and the usage errors.
package servicekontocmd

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
)

const usage = `usage:
  baukasten servicekonto verify (--idp-metadata FILE | --idp-cert FILE)
      --sp-entity-id ID --acs URL [--sp-key FILE] [--request-id ID]
      [--min-level STORK-QAA-Level-N] [--now RFC3339] [--skew DUR]
      [--allow-sha1] RESPONSE
`

// Run executes "baukasten servicekonto ARGS..." and returns the exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "verify":
		return verify(ctx, args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "servicekonto: unknown command %q\n%s", args[0], usage)
	return 2
}

func usageErr(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "servicekonto verify: "+format+"\n%s", append(a, usage)...)
	return 2
}

func verify(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("servicekonto verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mdFile := fs.String("idp-metadata", "", "IdP SAML metadata `FILE`")
	certFile := fs.String("idp-cert", "", "IdP signing certificate(s), PEM `FILE`")
	entityID := fs.String("sp-entity-id", "", "the SP's entityID")
	acs := fs.String("acs", "", "the SP's ACS `URL`")
	keyFile := fs.String("sp-key", "", "the SP's decryption key, PEM `FILE`")
	requestID := fs.String("request-id", "", "the AuthnRequest `ID` the response must answer")
	minLevel := fs.String("min-level", "STORK-QAA-Level-3", "required trust level")
	now := fs.String("now", "", "verification time, RFC 3339 (default: now)")
	skew := fs.Duration("skew", 2*time.Minute, "allowed clock skew")
	allowSHA1 := fs.Bool("allow-sha1", false, "accept RSA-SHA1 and SHA-1 digests (legacy)")
	// Flags may follow the RESPONSE argument.
	var pos []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(pos) != 1:
		return usageErr(stderr, "want exactly one RESPONSE argument")
	case (*mdFile == "") == (*certFile == ""):
		return usageErr(stderr, "give exactly one of --idp-metadata and --idp-cert")
	case *entityID == "" || *acs == "":
		return usageErr(stderr, "--sp-entity-id and --acs are required")
	}
	level, err := ozg.ParseVertrauensniveau(*minLevel)
	if err != nil {
		return usageErr(stderr, "--min-level: not a trust level")
	}
	clock := time.Now
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err != nil {
			return usageErr(stderr, "--now: not RFC 3339")
		}
		clock = func() time.Time { return t }
	}

	msg, err := readInput(pos[0], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "servicekonto verify: %v\n", err)
		return 1
	}
	cfg := servicekonto.Config{
		EntityID: *entityID, ACSURL: *acs, MinLevel: level, ClockSkew: *skew, Now: clock,
		Legacy: servicekonto.Legacy{AllowSHA1: *allowSHA1},
	}
	if *mdFile != "" {
		b, err := os.ReadFile(*mdFile)
		if err != nil {
			fmt.Fprintf(stderr, "servicekonto verify: %v\n", err)
			return 1
		}
		if cfg.IdP, err = servicekonto.ParseIdPMetadata(b); err != nil {
			fmt.Fprintf(stderr, "servicekonto verify: IdP metadata: %v\n", err)
			return 1
		}
	} else {
		certs, err := readCerts(*certFile)
		if err != nil {
			fmt.Fprintf(stderr, "servicekonto verify: %v\n", err)
			return 1
		}
		issuer := firstIssuer(msg)
		fmt.Fprintln(stderr, "note: --idp-cert: IdP entityID taken from the response, not pinned")
		cfg.IdP = &servicekonto.IdPMetadata{EntityID: issuer, Certificates: certs}
	}
	if *keyFile != "" {
		if cfg.DecryptionKey, err = readKey(*keyFile); err != nil {
			fmt.Fprintf(stderr, "servicekonto verify: %v\n", err)
			return 1
		}
	}
	if *requestID != "" {
		rs := &servicekonto.MemoryRequestStore{}
		rs.Add(ctx, *requestID, clock().Add(24*time.Hour))
		cfg.Requests = rs
	} else {
		fmt.Fprintln(stderr, "note: no --request-id: InResponseTo not checked")
		cfg.Requests = anyRequest{}
		cfg.AllowUnsolicited = true
	}
	sp, err := servicekonto.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "servicekonto verify: %v\n", err)
		return 2
	}
	var res *servicekonto.Result
	if bytes.HasPrefix(bytes.TrimSpace(msg), []byte("<")) {
		res, err = sp.ProcessResponseXML(ctx, msg)
	} else {
		res, err = sp.ProcessResponse(ctx, string(msg))
	}
	if err != nil {
		var rej *servicekonto.Rejection
		if errors.As(err, &rej) {
			fmt.Fprintln(stdout, rej.Error())
		} else {
			fmt.Fprintf(stdout, "rejected: %v\n", err)
		}
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(output(res)); err != nil {
		fmt.Fprintf(stderr, "servicekonto verify: %v\n", err)
		return 1
	}
	return 0
}

// anyRequest accepts every InResponseTo (debugging without --request-id).
type anyRequest struct{}

func (anyRequest) Add(context.Context, string, time.Time) error             { return nil }
func (anyRequest) Consume(context.Context, string, time.Time) (bool, error) { return true, nil }

type jsonResult struct {
	Person              ozg.Person                      `json:"person"`
	Vertrauensniveau    ozg.Vertrauensniveau            `json:"vertrauensniveau"`
	AttributeLevels     map[string]ozg.Vertrauensniveau `json:"attributeLevels,omitempty"`
	AssertionProvedBy   string                          `json:"assertionProvedBy,omitempty"`
	ApplicationID       string                          `json:"applicationId,omitempty"`
	CommunityID         string                          `json:"communityId,omitempty"`
	DocumentType        string                          `json:"documentType,omitempty"`
	EIDASIssuingCountry string                          `json:"eidasIssuingCountry,omitempty"`
	Pseudonym           string                          `json:"pseudonym,omitempty"`
	DeMail              string                          `json:"deMail,omitempty"`
	NameID              string                          `json:"nameId,omitempty"`
	Attributes          map[string][]string             `json:"attributes"`
	RequestID           string                          `json:"requestId,omitempty"`
	AssertionID         string                          `json:"assertionId"`
	SessionIndex        string                          `json:"sessionIndex,omitempty"`
	NotOnOrAfter        time.Time                       `json:"notOnOrAfter"`
	ResponseSigned      bool                            `json:"responseSigned"`
	AssertionSigned     bool                            `json:"assertionSigned"`
	Encrypted           bool                            `json:"encrypted"`
}

func output(r *servicekonto.Result) jsonResult {
	id := r.Identity
	return jsonResult{
		Person: id.Person, Vertrauensniveau: id.Vertrauensniveau, AttributeLevels: id.AttributeLevels,
		AssertionProvedBy: id.AssertionProvedBy, ApplicationID: id.ApplicationID, CommunityID: id.CommunityID,
		DocumentType: id.DocumentType, EIDASIssuingCountry: id.EIDASIssuingCountry, Pseudonym: id.Pseudonym,
		DeMail: id.DeMail, NameID: id.NameID, Attributes: id.Attributes,
		RequestID: r.RequestID, AssertionID: r.AssertionID, SessionIndex: r.SessionIndex, NotOnOrAfter: r.NotOnOrAfter,
		ResponseSigned: r.ResponseSigned, AssertionSigned: r.AssertionSigned, Encrypted: r.Encrypted,
	}
}

// maxInput bounds the RESPONSE file; the SP applies its own, smaller limit.
const maxInput = 8 << 20

func readInput(name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		r = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("RESPONSE over %d bytes", maxInput)
	}
	return b, nil
}

func readCerts(name string) ([]*x509.Certificate, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("%s: no PEM CERTIFICATE", name)
	}
	return certs, nil
}

func readKey(name string) (*rsa.PrivateKey, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return nil, fmt.Errorf("%s: no PEM RSA private key", name)
		}
		switch blk.Type {
		case "RSA PRIVATE KEY":
			return x509.ParsePKCS1PrivateKey(blk.Bytes)
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			rk, ok := k.(*rsa.PrivateKey)
			if !ok {
				return nil, fmt.Errorf("%s: not an RSA key", name)
			}
			return rk, nil
		}
	}
}

// firstIssuer returns the text of the first saml:Issuer of the response,
// or "" if there is none or the input does not tokenize (the verification
// then rejects it with the proper reason). DTDs are not processed here:
// encoding/xml expands no entities.
func firstIssuer(msg []byte) string {
	data := bytes.TrimSpace(msg)
	if !bytes.HasPrefix(data, []byte("<")) {
		d, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(data)), ""))
		if err != nil {
			return ""
		}
		data = d
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Issuer" && se.Name.Space == servicekonto.NSAssertion {
			var s string
			if dec.DecodeElement(&s, &se) != nil {
				return ""
			}
			return strings.TrimSpace(s)
		}
	}
}
