package zufi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-jose/go-jose/v4"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// Errors of destinationSignature verification.
var (
	// ErrSignature: the JWS does not parse or does not verify.
	ErrSignature = errors.New("zufi: destinationSignature does not verify")
	// ErrNotCovered: the signature verifies but does not name the service
	// and area.
	ErrNotCovered = errors.New("zufi: destinationSignature does not cover the service and area")
)

// GebietARSPrefix is the URN prefix of an ARS in a destinationSignature.
const GebietARSPrefix = SchemeARS + ":"

// destinationClaims is the payload of a destinationSignature as the
// FIT-Connect Self-Service-Portal signs it.
type destinationClaims struct {
	SubmissionHost string `json:"submissionHost"`
	Issuer         string `json:"iss"`
	IssuedAt       int64  `json:"iat"`
	DestinationID  string `json:"destinationId"`
	Services       []struct {
		GebietIDs   []string `json:"gebietIDs"`
		LeistungIDs []string `json:"leistungIDs"`
	} `json:"services"`
}

// JWSVerifier verifies destinationSignatures against a JSON Web Key Set
// (the Self-Service-Portal's public keys), with the algorithms FIT-Connect
// uses (PS512; RS256/RS512/PS256 also accepted). It is a stand-alone
// implementation over go-jose; the FIT-Connect adapter's routing
// verification (messaging/fitconnect.VerifyRoute) does the same with the
// shared JOSE core.
type JWSVerifier struct {
	Keys *jose.JSONWebKeySet // the signing keys, selected by kid
}

var verifyAlgs = []jose.SignatureAlgorithm{jose.PS512, jose.PS256, jose.RS256, jose.RS512}

// VerifyDestination implements DestinationVerifier.
func (v *JWSVerifier) VerifyDestination(_ context.Context, signature string, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) (*antrag.Destination, error) {
	op := "zufi.VerifyDestination"
	jws, err := jose.ParseSignedCompact(signature, verifyAlgs)
	if err != nil {
		return nil, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: %v", ErrSignature, err)}
	}
	if len(jws.Signatures) != 1 || v.Keys == nil {
		return nil, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: no key", ErrSignature)}
	}
	keys := v.Keys.Key(jws.Signatures[0].Header.KeyID)
	if len(keys) == 0 {
		return nil, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: unknown kid %q", ErrSignature, jws.Signatures[0].Header.KeyID)}
	}
	payload, err := jws.Verify(keys[0].Public())
	if err != nil {
		return nil, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: %v", ErrSignature, err)}
	}
	var c destinationClaims
	if err := json.Unmarshal(payload, &c); err != nil || c.DestinationID == "" {
		return nil, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: payload is not a destination", ErrSignature)}
	}
	urn := leistung.URN()
	for _, s := range c.Services {
		if !slices.Contains(s.LeistungIDs, urn) {
			continue
		}
		for _, g := range s.GebietIDs {
			if rs, ok := strings.CutPrefix(g, GebietARSPrefix); ok {
				if a, err := ozg.ParseARS(rs); err == nil && (a == gebiet || a.Contains(gebiet)) {
					return &antrag.Destination{ID: c.DestinationID, Signature: signature, SubmissionURL: c.SubmissionHost}, nil
				}
			}
		}
	}
	return nil, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: LeiKa %s, area %s", ErrNotCovered, leistung, gebiet)}
}
