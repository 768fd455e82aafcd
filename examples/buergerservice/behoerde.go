package main

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/shopspring/decimal"
)

// Behoerde plays the authority's system (Fachverfahren) in the same
// process: it subscribes to the FIT-Connect destination of the running
// municipality's dog-tax office (with that destination's own keys) and, through the portable messaging.Client, receives, decrypts
// and verifies each submission, accepts it with a signed Security Event
// Token, and sends a status update and the decision — with the XRechnung
// for the fee attached — to the citizen's postbox through the postbox
// bridge. It runs the same definition with the same parameters as the
// online service: the fee it checks, the decision's tax and the invoice
// (Dienst.Invoice, the definition's e-invoice profile, the municipality as
// seller) come from there.
type Behoerde struct {
	log    *slog.Logger
	msg    *messaging.Client
	dest   string // the office's destination ID
	form   *antrag.Form
	dienst *onlinedienst.Dienst
	kv     *kv // the authority's files (kind akte)
	wake   chan struct{}
}

// kindAkte holds the authority's files; kindOffen the IDs of the
// accepted cases not yet answered, so a round reads those, not every file
// with its attachments.
const (
	kindAkte  = "behoerde-akte"
	kindOffen = "behoerde-offen"
)

// akte is what the authority keeps of a received application: the
// references, the attachments as received (decrypted, their SHA-512
// verified against the metadata by messaging.Client.Receive), and its
// answer to the applicant with how far it got, so an answer that could not
// be sent after the submission was accepted — when it is no longer in the
// Zustelldienst's list — is sent on a later round.
type akte struct {
	SubmissionID  string        `json:"submissionId"`
	DestinationID string        `json:"destinationId"`
	AntragID      string        `json:"antragId"`
	Aktenzeichen  string        `json:"aktenzeichen"`
	Anlagen       []aktenAnlage `json:"anlagen,omitempty"`
	Stand         string        `json:"stand,omitempty"` // standAbgelegt, standAngenommen or standBeschieden
	Antwort       *antwort      `json:"antwort,omitempty"`
}

// The stages of a case: filed before the accept, accepted, answered (the
// status updates and the decision are in the applicant's postbox).
const (
	standAbgelegt   = "abgelegt"
	standAngenommen = "angenommen"
	standBeschieden = "beschieden"
)

// antwort is the authority's answer to one application, prepared before
// the submission is accepted.
type antwort struct {
	Mailbox  string `json:"mailbox"`            // the applicant's postbox (reply channel)
	Bescheid string `json:"bescheid"`           // the decision's text
	Rechnung []byte `json:"rechnung,omitempty"` // the fee's XRechnung; nil when none could be issued
	Steuer   string `json:"steuer"`             // the annual tax, for the log
}

// aktenAnlage is a received attachment with the SHA-512 of its content.
type aktenAnlage struct {
	ID       string `json:"id"`
	Filename string `json:"filename"`
	MIMEType string `json:"mimeType"`
	Size     int64  `json:"size"`
	SHA512   string `json:"sha512"`
	Data     []byte `json:"data"`
}

func newBehoerde(zd *fitconnecttest.Server, dest string, form *antrag.Form, dienst *onlinedienst.Dienst, store *kv, log *slog.Logger) (*Behoerde, error) {
	o, err := zd.SubscriberOptionsFor(dest)
	if err != nil {
		return nil, err
	}
	o.Logger = log
	fc, err := fitconnect.New(o)
	if err != nil {
		return nil, err
	}
	return &Behoerde{log: log, msg: fitconnect.NewMessagingClient(fc, &messaging.ClientOptions{Logger: log}), dest: dest,
		form: form, dienst: dienst, kv: store, wake: make(chan struct{}, 1)}, nil
}

// wakeup makes run look for submissions now (after a callback).
func (b *Behoerde) wakeup() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// run looks for new submissions on every wakeup and every tick until ctx
// ends; the tick catches what arrived while the process was down.
func (b *Behoerde) run(ctx context.Context, tick time.Duration) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		b.poll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-b.wake:
		}
	}
}

func (b *Behoerde) poll(ctx context.Context) {
	page, err := b.msg.List(ctx, b.dest, 0, 100)
	if err != nil {
		if ctx.Err() == nil {
			b.log.Warn("listing submissions failed", "err", err)
		}
		return
	}
	listed := map[string]bool{}
	for _, ref := range page.Refs {
		listed[ref.SubmissionID] = true
		b.process(ctx, ref)
	}
	b.nachholen(ctx, listed)
}

// einreichung is what the authority needs from a verified submission.
type einreichung struct {
	antragID string // metadata additionalReferenceInfo.senderReference
	mailbox  string // replyChannel fink.finkPostfachRef: the postbox UUID
	person   identReport
	data     map[string]any
	paid     *messaging.Payment
	fee      decimal.Decimal // what the definition's rule gives for the data
	anlagen  []aktenAnlage
}

func (b *Behoerde) process(ctx context.Context, ref messaging.Ref) {
	log := b.log.With("submission", ref.SubmissionID, "case", ref.CaseID)
	// Receive decrypts metadata and data, validates the metadata against
	// its schema, checks every hash and that the data schema is one the
	// destination accepts (the schema of this office's form).
	r, err := b.msg.Receive(ctx, ref.SubmissionID)
	if err != nil && (ctx.Err() != nil || voruebergehend(err)) {
		// Not a verdict on the submission: it stays in the list for the
		// next round.
		log.Warn("receiving the submission failed; trying again", "err", err, "code", ozg.CodeOf(err).String())
		return
	}
	if err != nil {
		log.Warn("submission does not verify; rejecting", "err", err, "code", ozg.CodeOf(err).String())
		b.reject(ctx, ref, "Die Einreichung konnte nicht entschlüsselt oder geprüft werden.")
		return
	}
	log.Info("submission received, decrypted and hash-checked", "service", r.Service.Identifier)
	e, problem := b.check(r)
	if problem != "" {
		log.Warn("submission rejected", "reason", problem)
		b.reject(ctx, ref, problem)
		return
	}
	// Prepare the answer and file the application with its attachments
	// before accepting it: an accepted submission is gone from the
	// Zustelldienst's list.
	az := aktenzeichen(e.antragID)
	for _, an := range e.anlagen {
		log.Info("attachment received, decrypted, hash verified", "attachment", an.ID,
			"type", an.MIMEType, "size", an.Size, "sha512", an.SHA512)
	}
	ak := akte{SubmissionID: ref.SubmissionID, DestinationID: ref.DestinationID,
		AntragID: e.antragID, Aktenzeichen: az, Anlagen: e.anlagen, Stand: standAbgelegt, Antwort: b.antwort(e, az, log)}
	if err := b.kv.put(kindAkte, ref.SubmissionID, ak); err != nil {
		log.Error("filing the application failed", "err", err)
		return
	}
	if err := b.msg.Accept(ctx, r); err != nil {
		log.Warn("accept failed", "err", err)
		return
	}
	log.Info("submission accepted (signed accept-submission SET)", "antrag", e.antragID)
	ak.Stand = standAngenommen
	if err := b.kv.put(kindAkte, ref.SubmissionID, ak); err != nil {
		log.Warn("recording the accept failed", "err", err)
	}
	if err := b.kv.put(kindOffen, ref.SubmissionID, struct{}{}); err != nil {
		log.Warn("recording the open case failed", "err", err)
	}
	b.beantworten(ctx, &ak)
}

// antwort prepares the answer: the decision and the fee's XRechnung. An
// invoice that cannot be issued as a valid XRechnung is not sent: the
// decision goes without it and says so, and the error is logged for the
// office to issue the invoice by hand.
func (b *Behoerde) antwort(e einreichung, az string, log *slog.Logger) *antwort {
	invoice, err := b.rechnung(e, az)
	if err != nil {
		log.Error("fee invoice not issued; the decision goes without it", "antrag", e.antragID, "err", err)
		invoice = nil
	}
	return &antwort{Mailbox: e.mailbox, Bescheid: b.bescheid(e, az, invoice != nil), Rechnung: invoice, Steuer: e.fee.StringFixed(2)}
}

// beantworten sends the answer of an accepted case to the applicant's
// postbox — status PROCESSING, the decision with the invoice, status
// COMPLETED — and records the case as answered. Each message has its own
// idempotency key, so a round after a failure sends only what is missing.
func (b *Behoerde) beantworten(ctx context.Context, ak *akte) {
	log := b.log.With("submission", ak.SubmissionID)
	if ak.Antwort == nil {
		log.Error("accepted case without an answer")
		return
	}
	sender := b.dienst.Parameters.Behoerde
	leistungName := b.dienst.Definition.Leistung.Name
	if _, err := b.msg.SendPostboxStatus(ctx, &messaging.PostboxStatus{
		ApplicationID: ak.AntragID, State: "PROCESSING", PublicServiceName: leistungName, SenderName: sender,
		Details: "Ihr Antrag ist eingegangen und wird bearbeitet.", Reference: ak.Aktenzeichen, Created: time.Now(),
	}, &messaging.SendOptions{IdempotencyKey: "status-processing-" + ak.AntragID}); err != nil {
		log.Warn("postbox status failed; sent again on the next round", "err", err)
		return
	}
	log.Info("status update sent to the postbox", "state", "PROCESSING")

	var atts []messaging.PostboxAttachment
	if ak.Antwort.Rechnung != nil {
		atts = append(atts, messaging.PostboxAttachment{Filename: "gebuehrenrechnung-" + ak.Aktenzeichen + ".xml", MIMEType: "application/xml", Data: ak.Antwort.Rechnung})
	}
	if _, err := b.msg.SendPostboxMessage(ctx, &messaging.PostboxMessage{
		MailboxID: ak.Antwort.Mailbox, Sender: sender, Title: "Bescheid über die Festsetzung der Hundesteuer (" + ak.Aktenzeichen + ")",
		Content: ak.Antwort.Bescheid, Service: leistungName, TrustLevel: b.dienst.Definition.Vertrauensniveau, ApplicationID: ak.AntragID,
		Reference: ak.Aktenzeichen, Attachments: atts,
	}, &messaging.SendOptions{IdempotencyKey: "bescheid-" + ak.AntragID}); err != nil {
		log.Warn("postbox message failed; sent again on the next round", "err", err)
		return
	}
	log.Info("decision sent to the postbox", "aktenzeichen", ak.Aktenzeichen, "steuer", ak.Antwort.Steuer, "invoice", ak.Antwort.Rechnung != nil)
	if _, err := b.msg.SendPostboxStatus(ctx, &messaging.PostboxStatus{
		ApplicationID: ak.AntragID, State: "COMPLETED", PublicServiceName: leistungName, SenderName: sender,
		Details: "Der Bescheid wurde in Ihr Postfach zugestellt.", Reference: ak.Aktenzeichen, Created: time.Now(),
	}, &messaging.SendOptions{IdempotencyKey: "status-completed-" + ak.AntragID}); err != nil {
		log.Warn("postbox status failed; sent again on the next round", "err", err)
		return
	}
	log.Info("status update sent to the postbox", "state", "COMPLETED")
	ak.Stand = standBeschieden
	if err := b.kv.put(kindAkte, ak.SubmissionID, *ak); err != nil {
		log.Warn("recording the answer failed", "err", err)
		return
	}
	if err := b.kv.del(kindOffen, ak.SubmissionID); err != nil {
		log.Warn("closing the case failed", "err", err)
	}
}

// nachholen answers the accepted cases not yet answered — sending the
// answer failed or the process stopped — whose submissions are no longer
// waiting (listed).
func (b *Behoerde) nachholen(ctx context.Context, listed map[string]bool) {
	keys, err := b.kv.keys(kindOffen)
	if err != nil {
		b.log.Warn("listing the open cases failed", "err", err)
		return
	}
	for _, k := range keys {
		var ak akte
		if err := b.kv.get(kindAkte, k, &ak); err != nil {
			b.log.Warn("reading a case failed", "submission", k, "err", err)
			continue
		}
		// Only accepted cases: one filed whose accept failed may have been
		// rejected by the Zustelldienst since, and is not answered.
		if ak.Stand == standBeschieden {
			_ = b.kv.del(kindOffen, k)
			continue
		}
		if ak.Stand != standAngenommen || listed[ak.SubmissionID] {
			continue
		}
		b.beantworten(ctx, &ak)
	}
}

// check verifies what the office relies on: the data against the form,
// the payment, the reply channel and the application reference. It
// returns a reason for the applicant when the submission must be rejected.
func (b *Behoerde) check(r *messaging.Received) (e einreichung, problem string) {
	rep, err := b.form.Validate(r.Data)
	if err != nil || !rep.Valid() {
		return e, "Die Antragsdaten entsprechen nicht dem Formular."
	}
	e.data = decode(r.Data)
	fee, err := b.dienst.Fee(r.Data)
	if err != nil {
		return e, "Für diese Angaben ist keine Gebühr festgelegt."
	}
	e.fee = fee
	if r.Payment == nil || r.Payment.Status != messaging.PaymentBooked || !r.Payment.GrossAmount.Equal(fee) {
		return e, "Die Gebühr wurde nicht bezahlt."
	}
	e.paid = r.Payment
	if r.Reference == nil || r.Reference.SenderReference == "" {
		return e, "Die Antragsnummer fehlt."
	}
	e.antragID = r.Reference.SenderReference
	if r.ReplyChannel == nil || r.ReplyChannel.FINK == nil {
		return e, "Es ist kein Postfach für die Antwort angegeben."
	}
	e.mailbox = r.ReplyChannel.FINK.PostfachRef
	for _, ai := range r.Authentication {
		if ai.Type != messaging.AuthIdentificationReport {
			continue
		}
		raw, err := base64.RawURLEncoding.DecodeString(ai.Content)
		if err == nil {
			err = json.Unmarshal(raw, &e.person)
		}
		if err != nil {
			return e, "Der Identifikationsbericht ist nicht lesbar."
		}
	}
	if e.person.Vertrauensniveau == "" {
		return e, "Der Identifikationsbericht fehlt."
	}
	e.anlagen, problem = pruefeAnlagen(b.dienst.Definition.Anlagen, r.Attachments)
	return e, problem
}

// pruefeAnlagen checks the received attachments: Receive decrypted them
// and checked each against the SHA-512 of the metadata; the office takes
// no more than the definition asks for, and only of a media type the
// definition accepts — the type the metadata declares (the sender's word)
// and the type the content is sniffed as must both be accepted and agree.
// It returns a reason for the applicant when one is refused.
func pruefeAnlagen(anlagen []onlinedienst.Anlage, received []messaging.ReceivedAttachment) ([]aktenAnlage, string) {
	var accepted []string
	for _, an := range anlagen {
		accepted = append(accepted, an.MIMETypes...)
	}
	if len(received) > len(anlagen) {
		return nil, "Es wurden mehr Anlagen übermittelt, als der Antrag vorsieht."
	}
	var out []aktenAnlage
	for _, at := range received {
		sniffed, _, err := mime.ParseMediaType(http.DetectContentType(at.Data))
		if err != nil || !slices.Contains(accepted, at.MIMEType) || sniffed != at.MIMEType {
			return nil, "Eine Anlage hat einen nicht zugelassenen Dateityp."
		}
		sum := sha512.Sum512(at.Data)
		out = append(out, aktenAnlage{ID: at.ID, Filename: at.Filename, MIMEType: at.MIMEType,
			Size: int64(len(at.Data)), SHA512: hex.EncodeToString(sum[:]), Data: at.Data})
	}
	return out, ""
}

// voruebergehend reports whether err says nothing about the submission:
// the Zustelldienst or the network failed, or the access token was
// refused. (A signature that does not verify is PermissionDenied: a
// verdict.)
func voruebergehend(err error) bool {
	switch ozg.CodeOf(err) {
	case ozg.Unavailable, ozg.DeadlineExceeded, ozg.Canceled, ozg.Unauthenticated:
		return true
	}
	return false
}

func (b *Behoerde) reject(ctx context.Context, ref messaging.Ref, detail string) {
	if err := b.msg.Reject(ctx, ref, messaging.Problem{
		Type: "about:blank", Title: "Einreichung abgelehnt", Detail: detail,
	}); err != nil {
		b.log.Warn("reject failed", "submission", ref.SubmissionID, "err", err)
	}
}

// aktenzeichen is the file number of a case: year and the first eight
// hex digits of the application ID, so it is the same after a restart.
func aktenzeichen(antragID string) string {
	id := strings.ToUpper(strings.ReplaceAll(antragID, "-", ""))
	if len(id) > 8 {
		id = id[:8]
	}
	return fmt.Sprintf("HST-%d-%s", time.Now().Year(), id)
}

// bescheid is the text of the tax decision: the annual tax is what the
// definition's fee rule gives with the municipality's rates, and the
// applicant paid it for the first year online.
func (b *Behoerde) bescheid(e einreichung, az string, mitRechnung bool) string {
	str := func(path string) string { v, _ := lookup(e.data, path).(string); return v }
	beginn := "dem Folgemonat der Aufnahme"
	if d, err := time.Parse(time.DateOnly, str("G99000002/F99000006")); err == nil {
		beginn = time.Date(d.Year(), d.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format("02.01.2006")
	}
	var t strings.Builder
	fmt.Fprintf(&t, "Bescheid über die Festsetzung der Hundesteuer\nAktenzeichen: %s\n\n", az)
	fmt.Fprintf(&t, "Sehr geehrte Damen und Herren,\n\nfür Ihren Hund „%s“ wird ab %s eine Hundesteuer von jährlich %s EUR festgesetzt.\n",
		str("G99000002/F99000003"), beginn, euro(e.fee))
	fmt.Fprintf(&t, "Die Steuer wird jeweils zum 1. Juli fällig. Die Hundesteuermarke erhalten Sie mit der Post.\n\n")
	rechnung := "die Rechnung liegt bei"
	if !mitRechnung {
		rechnung = "die Rechnung erhalten Sie gesondert"
	}
	fmt.Fprintf(&t, "Die Steuer für das erste Jahr von %s EUR haben Sie bereits bezahlt (Transaktion %s, Kassenzeichen %s); %s.\n\n",
		euro(e.paid.GrossAmount), e.paid.TransactionID, e.paid.TransactionReference, rechnung)
	if len(e.anlagen) > 0 {
		t.WriteString("Folgende Anlagen sind eingegangen und wurden geprüft:\n")
		for _, an := range e.anlagen {
			fmt.Fprintf(&t, "- %s (%s, %s, SHA-512 %s…)\n", an.Filename, typName(an.MIMEType), groesse(an.Size), an.SHA512[:16])
		}
		t.WriteString("\n")
	}
	t.WriteString("Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.\n")
	return t.String()
}

// euro formats an amount the German way: 1.234,50.
func euro(d decimal.Decimal) string {
	s := d.StringFixed(2)
	ip, fp, _ := strings.Cut(s, ".")
	var g []string
	for len(ip) > 3 {
		g = append([]string{ip[len(ip)-3:]}, g...)
		ip = ip[:len(ip)-3]
	}
	g = append([]string{ip}, g...)
	return strings.Join(g, ".") + "," + fp
}

// rechnung issues the e-invoice of the fee in the definition's profile
// (XRechnung, UBL) with Dienst.Invoice: the municipality is the seller
// (its name, Leitweg-ID, address, account and contact from the
// parameters), the applicant the buyer — for a business (a Mein
// Unternehmenskonto login) the organisation with its registered address —
// the Kassenzeichen the buyer reference; the fee was paid online, so
// nothing is due (BT-113). The invoice is validated (einvoice.Validate,
// XRechnung rules) before it is sent: an invalid one is not.
func (b *Behoerde) rechnung(e einreichung, az string) ([]byte, error) {
	// The application as the authority received it: its reference, the
	// fee for its data and the payment of the metadata.
	a := &antrag.Antrag{ID: e.antragID, Gebuehr: e.fee, Payment: &antrag.Payment{
		TransactionID: e.paid.TransactionID, TransactionReference: e.paid.TransactionReference, GrossAmount: e.paid.GrossAmount}}
	inv, err := b.dienst.Invoice(a, kaeufer(e.person), "GEB-"+az, einvoice.DateOf(time.Now()))
	if err != nil {
		return nil, err
	}
	if rep := einvoice.Validate(inv, &einvoice.ValidateOptions{Profile: einvoice.ValidateXRechnung}); !rep.Valid {
		return nil, ozg.Errorf(ozg.Internal, "behoerde.rechnung", "invoice %s is not a valid XRechnung (%d findings)", inv.Number, len(rep.Findings))
	}
	var buf bytes.Buffer
	if err := b.dienst.WriteInvoice(&buf, inv); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// kaeufer is the buyer of the fee invoice: the organisation of a business
// account with its registered address, else the person who logged in.
func kaeufer(p identReport) einvoice.Buyer {
	ea := einvoice.ElectronicAddress{Address: cmpOr(p.Email, "postfach@bund.example"), Scheme: einvoice.EASEmail}
	if o := p.Organisation; o != nil {
		return einvoice.Buyer{Name: o.Name, ElectronicAddress: ea,
			Address: einvoice.Address{Line1: o.Street, City: o.City, PostCode: o.PostalCode, CountryCode: einvoice.CountryCode(cmpOr(o.Country, "DE"))},
			Contact: &einvoice.Contact{Name: strings.TrimSpace(p.GivenNames + " " + p.FamilyName), Email: p.Email}}
	}
	return einvoice.Buyer{Name: strings.TrimSpace(p.GivenNames + " " + p.FamilyName), ElectronicAddress: ea,
		Address: einvoice.Address{Line1: p.Street, City: p.City, PostCode: p.PostalCode, CountryCode: einvoice.CountryCode(cmpOr(p.Country, "DE"))}}
}

func cmpOr(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// identReport is the identification report the online service puts into
// the FIT-Connect metadata (authenticationInformation): the attributes the
// verified BundID assertion reported. Package servicekonto has no
// report of its own, so the example defines this JSON shape.
type identReport struct {
	Issuer           string `json:"issuer"`      // the IdP entityID
	AssertionID      string `json:"assertionId"` // the accepted assertion
	Vertrauensniveau string `json:"vertrauensniveau"`
	LoginMethod      string `json:"loginMethod,omitempty"`
	GivenNames       string `json:"givenNames,omitempty"`
	FamilyName       string `json:"familyName,omitempty"`
	Street           string `json:"street,omitempty"`
	PostalCode       string `json:"postalCode,omitempty"`
	City             string `json:"city,omitempty"`
	Country          string `json:"country,omitempty"`
	Email            string `json:"email,omitempty"`
	// Organisation is the business a Mein Unternehmenskonto login acts
	// for; nil for a citizen.
	Organisation *organisationReport `json:"organisation,omitempty"`
}
