package servicekonto

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"io"
	"log/slog"
	"time"

	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// Config configures a ServiceProvider. EntityID, ACSURL and IdP are
// required; SigningKey and SigningCert are required to start logins and to
// write metadata (a verify-only ServiceProvider, like the command line's,
// can do without); everything else has a default.
type Config struct {
	// EntityID is the SP's SAML entityID, as registered with the IdP.
	EntityID string
	// ACSURL is the assertion consumer service URL (HTTP-POST binding).
	ACSURL string

	// SigningKey and SigningCert sign AuthnRequests and the SP metadata.
	SigningKey  crypto.Signer
	SigningCert *x509.Certificate
	// DecryptionKey and DecryptionCert decrypt EncryptedAssertions; use a
	// key of its own, not the signing key. Without the key encrypted
	// assertions are refused with ReasonDecryption; the certificate is only
	// needed for the metadata.
	DecryptionKey  *rsa.PrivateKey
	DecryptionCert *x509.Certificate

	// IdP is the identity provider's metadata (see ParseIdPMetadata).
	IdP *IdPMetadata

	// MinLevel is the minimum trust level requested (RequestedAuthnContext
	// Comparison="minimum") and required of the assertion; default
	// ozg.NiveauSubstanziell.
	MinLevel ozg.Vertrauensniveau
	// RequestedAttributes are requested in the AKDB extension; default
	// DefaultRequestedAttributes.
	RequestedAttributes []RequestedAttribute
	// AuthnMethods, if set, enables or disables login methods in the AKDB
	// extension (keys such as "eID", "Benutzername", "Elster", "eIDAS",
	// "FINK", "Diia", "Authega"); nil leaves the IdP's default.
	AuthnMethods map[string]bool
	// DisplayName is the OrganizationDisplayName shown to the person.
	DisplayName string
	// Lang is the language of the IdP's pages ("de", "en"); optional.
	Lang string
	// OnlineServiceID is the BMI online-service id (OnlineServiceId).
	OnlineServiceID string
	// BackURL is where the IdP's "back" link leads; optional.
	BackURL string
	// EnableStatusDetail asks BundID for the JSON StatusDetail on errors.
	EnableStatusDetail bool
	// Organisation names the attributes that carry a business account's
	// organisation data (Mein Unternehmenskonto). Their URNs are not part
	// of the BundID interface description, so they are configured here from
	// the operator's documentation; when none is set, or none occurs in an
	// assertion, Identity.Organisation stays nil.
	Organisation OrganisationAttributes

	// SignatureMethod signs AuthnRequests: xmldsig.RSASHA256 (default) or
	// xmldsig.RSAPSSSHA256 (and the SHA-384/512 variants).
	SignatureMethod string
	// ClockSkew is the allowed clock difference; default 2 minutes.
	ClockSkew time.Duration
	// RequestLifetime is how long an AuthnRequest stays answerable; default
	// 15 minutes.
	RequestLifetime time.Duration
	// MaxResponseSize bounds the decoded response; default 256 KiB.
	MaxResponseSize int

	// AllowUnsolicited accepts responses without InResponseTo (IdP-initiated
	// login). Off by default: such responses are refused.
	AllowUnsolicited bool
	// Legacy enables algorithms that are refused by default.
	Legacy Legacy

	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger receives one record per rejection (reason and IDs, never
	// personal data); nil discards.
	Logger *slog.Logger
	// Rand is the randomness for IDs and RSASSA-PSS; default crypto/rand.
	Rand io.Reader

	// Requests holds pending AuthnRequest IDs; default a MemoryRequestStore.
	Requests RequestStore
	// Replays holds accepted assertion IDs; default a MemoryReplayStore.
	Replays ReplayStore
}

// Legacy switches on algorithms that current BundID does not use and that
// are refused by default. Set them only for a named legacy IdP.
type Legacy struct {
	AllowSHA1  bool // RSA-SHA1 signatures and SHA-1 digests
	AllowRSA15 bool // RSA PKCS#1 v1.5 key transport
	AllowCBC   bool // AES-CBC content encryption
}

// OrganisationAttributes are the attribute names (URNs) mapped into an
// ozg.Organisation; empty fields are not mapped.
type OrganisationAttributes struct {
	Name, ElsterAccountID, LegalForm               string
	Street, HouseNumber, PostalCode, City, Country string
}

// authnMethods are the login method elements of the AKDB extension.
var authnMethods = map[string]bool{"Authega": true, "Benutzername": true, "Diia": true, "eID": true, "eIDAS": true, "Elster": true, "FINK": true}

// RequestedAttribute is one attribute requested in the AKDB extension.
type RequestedAttribute struct {
	Name     string // attribute URN, e.g. AttrBPK2
	Required bool
}

// DefaultRequestedAttributes requests bPK2 (required), the postbox handle
// and the core personal attributes.
var DefaultRequestedAttributes = []RequestedAttribute{
	{AttrBPK2, true}, {AttrPostboxHandle, false}, {AttrGivenName, false}, {AttrSurname, false},
	{AttrBirthdate, false}, {AttrPostalAddress, false}, {AttrPostalCode, false},
	{AttrLocalityName, false}, {AttrCountry, false}, {AttrMail, false},
	{AttrAssertionProvedBy, false},
}

// ServiceProvider is a SAML 2.0 service provider for BundID and the Länder
// service accounts. It is safe for concurrent use.
type ServiceProvider struct {
	cfg    Config
	logger *slog.Logger
}

// New checks cfg, fills in the defaults and returns the ServiceProvider.
// A missing required field yields an *ozg.Error with code InvalidArgument.
func New(cfg Config) (*ServiceProvider, error) {
	const op = "servicekonto.New"
	switch {
	case cfg.EntityID == "":
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.EntityID is empty")
	case cfg.ACSURL == "":
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.ACSURL is empty")
	case (cfg.SigningKey == nil) != (cfg.SigningCert == nil):
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.SigningKey and SigningCert go together")
	case cfg.IdP == nil || len(cfg.IdP.Certificates) == 0:
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.IdP with signing certificates is required")
	}
	if cfg.SigningKey != nil {
		if _, ok := cfg.SigningKey.Public().(*rsa.PublicKey); !ok {
			return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.SigningKey must be RSA")
		}
	}
	if cfg.MinLevel == 0 {
		cfg.MinLevel = ozg.NiveauSubstanziell
	}
	if !cfg.MinLevel.IsValid() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.MinLevel is not a trust level")
	}
	if cfg.RequestedAttributes == nil {
		cfg.RequestedAttributes = DefaultRequestedAttributes
	}
	for _, a := range cfg.RequestedAttributes {
		if a.Name == "" {
			return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.RequestedAttributes: empty Name")
		}
	}
	for k := range cfg.AuthnMethods {
		if !authnMethods[k] {
			return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.AuthnMethods: unknown method %q (Authega, Benutzername, Diia, eID, eIDAS, Elster, FINK)", k)
		}
	}
	if cfg.SignatureMethod == "" {
		cfg.SignatureMethod = xmldsig.RSASHA256
	}
	if _, ok := redirectSigAlgs[cfg.SignatureMethod]; !ok || cfg.SignatureMethod == xmldsig.RSASHA1 {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "Config.SignatureMethod %q is not supported", cfg.SignatureMethod)
	}
	if cfg.ClockSkew == 0 {
		cfg.ClockSkew = 2 * time.Minute
	}
	if cfg.RequestLifetime == 0 {
		cfg.RequestLifetime = 15 * time.Minute
	}
	if cfg.MaxResponseSize == 0 {
		cfg.MaxResponseSize = 256 << 10
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Requests == nil {
		cfg.Requests = &MemoryRequestStore{}
	}
	if cfg.Replays == nil {
		cfg.Replays = &MemoryReplayStore{}
	}
	lg := cfg.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &ServiceProvider{cfg: cfg, logger: lg}, nil
}

// Config returns the configuration with its defaults filled in.
func (sp *ServiceProvider) Config() Config { return sp.cfg }

// newID returns a SAML ID: "_" and 20 random bytes in hex, so it never
// starts with a digit (xs:ID is an NCName).
func (sp *ServiceProvider) newID() (string, error) {
	var b [20]byte
	if _, err := io.ReadFull(sp.cfg.Rand, b[:]); err != nil {
		return "", err
	}
	return "_" + hex.EncodeToString(b[:]), nil
}
