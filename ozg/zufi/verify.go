package zufi

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/go-jose/go-jose/v4"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// Errors of destinationSignature verification. They wrap the
// messaging/fitconnect errors, so errors.Is works with either.
var (
	// ErrSignature: the JWS does not parse or does not verify.
	ErrSignature = errors.New("zufi: destinationSignature does not verify")
	// ErrNotCovered: the signature verifies but does not name the service
	// and area.
	ErrNotCovered = errors.New("zufi: destinationSignature does not cover the service and area")
)

// JWSVerifier verifies destinationSignatures found in XZuFi data with the
// FIT-Connect routing verification of package messaging/fitconnect
// (VerifyRoute: PS512, key by kid, signed services must name the LeiKa key
// and the area or one containing it), against a JSON Web Key Set of the
// Self-Service-Portal's public keys.
type JWSVerifier struct {
	Keys *jose.JSONWebKeySet // the portal's signing keys, selected by kid
}

// VerifyDestination implements DestinationVerifier.
func (v *JWSVerifier) VerifyDestination(_ context.Context, signature string, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) (*antrag.Destination, error) {
	const op = "zufi.VerifyDestination"
	deny := func(sentinel, err error) error {
		return &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: %w", sentinel, err)}
	}
	if v.Keys == nil {
		return nil, deny(ErrSignature, fitconnect.ErrUnknownKey)
	}
	// XZuFi carries only the signature; the destinationId it vouches for
	// is in its payload. It is read here only to be handed to VerifyRoute,
	// which verifies the signature and checks that the signed ID is this one.
	id, err := signedDestinationID(signature)
	if err != nil {
		return nil, deny(ErrSignature, err)
	}
	lookup := fitconnect.KeySetLookup(v.Keys)
	route, err := fitconnect.VerifyRoute(id, signature, &fitconnect.RouteQuery{LeiKa: leistung, ARS: gebiet},
		func(kid string) (*rsa.PublicKey, error) { return lookup("", kid) }, "", nil)
	switch {
	case errors.Is(err, fitconnect.ErrRouteMismatch):
		return nil, deny(ErrNotCovered, err)
	case err != nil:
		return nil, deny(ErrSignature, err)
	}
	return &antrag.Destination{ID: route.DestinationID, Signature: signature, SubmissionURL: route.SubmissionHost}, nil
}

// signedDestinationID reads destinationId from the (unverified) payload.
func signedDestinationID(compact string) (string, error) {
	parts := strings.Split(compact, ".")
	if len(parts) != 3 || len(parts[1]) > 1<<16 {
		return "", fitconnect.ErrMalformedJWS
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", fmt.Errorf("%w: payload: %v", fitconnect.ErrMalformedJWS, err)
	}
	var p struct {
		DestinationID string `json:"destinationId"`
	}
	if err := json.Unmarshal(raw, &p); err != nil || p.DestinationID == "" {
		return "", fmt.Errorf("%w: payload names no destinationId", fitconnect.ErrMalformedJWS)
	}
	return p.DestinationID, nil
}
