// Command servicekonto verifies SAML responses of a BundID-like identity
// provider: a correct one (signed, encrypted, trust level substanziell) and
// the broken ones an attacker sends, each rejected with its reason.
//
//	go run ./examples/servicekonto
//
// The IdP is the fake of package servicekontotest on loopback; the keys
// are its embedded test keys.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	idp := servicekontotest.New(nil)
	defer idp.Close()
	md, err := servicekonto.ParseIdPMetadata(idp.Metadata())
	if err != nil {
		return err
	}
	sp, err := servicekonto.New(servicekonto.Config{
		EntityID: "https://gemeinde.example/saml", ACSURL: "https://gemeinde.example/saml/acs",
		SigningKey: servicekontotest.SPSigning().Key, SigningCert: servicekontotest.SPSigning().Cert,
		DecryptionKey: servicekontotest.SPEncryption().Key, DecryptionCert: servicekontotest.SPEncryption().Cert,
		IdP: md, MinLevel: ozg.NiveauSubstanziell,
	})
	if err != nil {
		return err
	}
	cases := []struct {
		name string
		opts servicekontotest.ResponseOptions
	}{
		{"correct response", servicekontotest.ResponseOptions{Level: ozg.NiveauSubstanziell}},
		{"trust level too low", servicekontotest.ResponseOptions{Level: ozg.NiveauNiedrig}},
		{"attribute changed after signing", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackTamperedValue, Plain: true}},
		{"signature wrapping (XSW3)", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackXSW3, Plain: true}},
		{"signed with a key not in the metadata", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackAttackerKeyInfo, Plain: true}},
		{"XXE in a DOCTYPE", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackDoctype}},
	}
	for _, c := range cases {
		// The browser's part: the signed AuthnRequest goes to the IdP, its
		// answer comes back to the ACS.
		l, err := sp.StartLogin(ctx, servicekonto.BindingRedirect, "")
		if err != nil {
			return err
		}
		resp, err := idp.Answer(l, &c.opts)
		if err != nil {
			return err
		}
		res, err := sp.ProcessResponse(ctx, resp.SAMLResponse)
		if err != nil {
			fmt.Fprintf(w, "%-40s rejected: %s (%s)\n", c.name, servicekonto.ReasonOf(err), ozg.CodeOf(err))
			continue
		}
		p := res.Identity.Person
		fmt.Fprintf(w, "%-40s accepted: %s %s, level %s via %s, encrypted %v\n", c.name, p.GivenNames, p.FamilyName,
			res.Identity.Vertrauensniveau, p.LoginMethod, res.Encrypted)
		// The same response again is a replay.
		_, err = sp.ProcessResponse(ctx, resp.SAMLResponse)
		fmt.Fprintf(w, "%-40s rejected: %s (%s)\n", "the same response again", servicekonto.ReasonOf(err), ozg.CodeOf(err))
	}
	return nil
}
