package onlinedienst

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/payment"
)

// Payments is what the runner needs of a payment client; *payment.Client
// satisfies it.
type Payments interface {
	Create(ctx context.Context, p *payment.CreateParams) (*payment.Payment, error)
	Get(ctx context.Context, id string) (*payment.Payment, error)
}

// Submission is an application ready for delivery to a FIT-Connect
// destination.
type Submission struct {
	ClientID      string                  // the authority's FIT-Connect sender client (Parameters)
	DestinationID string                  // verified or fixed destination
	Leistung      ozg.Leistungsschluessel // the public service
	LeistungName  string                  // its name
	Gebiet        ozg.ARS                 // the area
	Data          []byte                  // form data (JSON)
	SchemaURI     string                  // JSON Schema URI of Data
	Attachments   []antrag.Attachment     // the attachments' descriptions with hashes
	AntragID      string                  // the application, for the idempotency key
	// Details are the payment, identification report, reply channel and
	// reference of the application (Details), for the submission's
	// metadata; MessagingSender sends them.
	Details messaging.Details
}

// Sender delivers a submission and returns the submission ID. An adapter
// over messaging.Client.Send (FIT-Connect) is a few lines: map Submission
// to messaging.Submission and use AntragID as the idempotency key. After a
// failure Runner.Submit calls Send again with the same AntragID, so a
// Sender must deliver at most once per AntragID (MessagingSender does).
type Sender interface {
	Send(ctx context.Context, s *Submission) (string, error)
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(ctx context.Context, s *Submission) (string, error)

// Send calls f.
func (f SenderFunc) Send(ctx context.Context, s *Submission) (string, error) { return f(ctx, s) }

// Notifier sends a citizen notification of the definition (channel
// "postfach" or "email", the text after the authority's overrides).
type Notifier interface {
	Notify(ctx context.Context, a *antrag.Antrag, kanal, text string) error
}

// RunnerOptions are the services a Runner wires together.
type RunnerOptions struct {
	// Form is the compiled FIM form of the definition's Stammdatenschema
	// (antrag.NewForm of the embedded or referenced XDF file); required.
	Form *antrag.Form
	// Machine is the lifecycle; nil means a Machine with the real clock.
	Machine *antrag.Machine
	// Store keeps the applications; nil means an antrag.MemStore.
	Store antrag.Store
	// Payments creates and checks fee payments; required when the
	// definition charges a fee.
	Payments Payments
	// ReturnURL is where the payment page sends the citizen back; the
	// application ID is appended as query parameter "antrag". Required
	// with a fee.
	ReturnURL string
	// Router finds the destination; required for Zustellung "routing". A
	// zufi.Directory.Router or the FIT-Connect routing adapter.
	Router antrag.Router
	// Sender delivers; required.
	Sender Sender
	// Notifier sends the citizen notifications; nil sends none.
	Notifier Notifier
	// ReplyChannel returns how the authority may answer the applicant of
	// the application (FIT-Connect replyChannel: e.g. PostboxReply for
	// the service-account postbox, or an e-mail address the applicant
	// chose); Submit asks it before it changes the application, and
	// returns its error. Nil, or a nil channel, sends none.
	ReplyChannel func(ctx context.Context, a *antrag.Antrag) (*messaging.ReplyChannel, error)
	// Logger records each step (application ID, step, state); nil
	// discards. No personal data is logged.
	Logger *slog.Logger
}

// Runner runs a Dienst: it opens applications, checks the form data and
// attachments, computes the fee and has it paid, checks the login's trust
// level, finds the destination and delivers — with the same code for
// every authority, only the Parameters differ. It is safe for concurrent
// use on different applications.
type Runner struct {
	s    *Dienst
	opts RunnerOptions
	log  *slog.Logger
}

// NewRunner checks that the services the definition needs are there.
func NewRunner(s *Dienst, opts RunnerOptions) (*Runner, error) {
	const op = "onlinedienst.NewRunner"
	if s == nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "nil Dienst")
	}
	var missing []string
	if opts.Form == nil {
		missing = append(missing, "Form")
	}
	if s.Definition.Gebuehr != nil && opts.Payments == nil {
		missing = append(missing, "Payments (the definition charges a fee)")
	}
	if s.Definition.Gebuehr != nil && opts.ReturnURL == "" {
		missing = append(missing, "ReturnURL (the definition charges a fee)")
	}
	if s.Definition.Zustellung.Art == ZustellungRouting && opts.Router == nil {
		missing = append(missing, "Router (the definition routes by LeiKa and ARS)")
	}
	if opts.Sender == nil {
		missing = append(missing, "Sender")
	}
	if len(missing) > 0 {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "missing %v", missing)
	}
	if opts.Machine == nil {
		opts.Machine = &antrag.Machine{}
	}
	if opts.Store == nil {
		opts.Store = &antrag.MemStore{}
	}
	r := &Runner{s: s, opts: opts, log: opts.Logger}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	return r, nil
}

// Dienst returns the bound service.
func (r *Runner) Dienst() *Dienst { return r.s }

func (r *Runner) save(ctx context.Context, a *antrag.Antrag, step string) error {
	if err := r.opts.Store.Update(ctx, a); err != nil {
		return err
	}
	r.log.InfoContext(ctx, "onlinedienst step", "definition", r.s.Definition.ID, "ars", r.s.Parameters.ARS.String(), "antrag", a.ID, "step", step, "state", string(a.State))
	return nil
}

// Start opens and stores an application in state Draft.
func (r *Runner) Start(ctx context.Context, by antrag.Actor) (*antrag.Antrag, error) {
	a, err := r.opts.Machine.New(r.s.Spec(r.opts.Form), by)
	if err != nil {
		return nil, err
	}
	if err := r.opts.Store.Create(ctx, a); err != nil {
		return nil, err
	}
	r.log.InfoContext(ctx, "onlinedienst step", "definition", r.s.Definition.ID, "antrag", a.ID, "step", "start", "state", string(a.State))
	return a, nil
}

// AttachmentError names an attachment that is missing, unknown or of a
// media type the definition does not accept.
type AttachmentError struct {
	Anlage string // the Anlage ID
	Reason string
}

func (e *AttachmentError) Error() string {
	return "onlinedienst: attachment " + e.Anlage + ": " + e.Reason
}

// Fill records the form data and the attachments (keyed by the
// definition's Anlage IDs), checks the attachments against the
// definition, and sets the fee the data call for. Attachment problems and
// a fee table without a row for the data give InvalidArgument errors; the
// form data themselves are validated at Review.
func (r *Runner) Fill(ctx context.Context, a *antrag.Antrag, by antrag.Actor, data json.RawMessage, anlagen map[string]antrag.Attachment) error {
	const op = "onlinedienst.Fill"
	ids := make([]string, 0, len(anlagen))
	for id := range anlagen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var atts []antrag.Attachment
	for _, id := range ids {
		i := slices.IndexFunc(r.s.Definition.Anlagen, func(x Anlage) bool { return x.ID == id })
		if i < 0 {
			return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &AttachmentError{Anlage: id, Reason: "not asked for by the definition"}}
		}
		att := anlagen[id]
		if !slices.Contains(r.s.Definition.Anlagen[i].MIMETypes, att.MimeType) {
			return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &AttachmentError{Anlage: id, Reason: fmt.Sprintf("media type %s not accepted", att.MimeType)}}
		}
		atts = append(atts, att)
	}
	for _, an := range r.s.Definition.Anlagen {
		if _, ok := anlagen[an.ID]; an.Pflicht && !ok {
			return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &AttachmentError{Anlage: an.ID, Reason: "required"}}
		}
	}
	fee, err := r.s.Fee(data)
	if err != nil {
		return err
	}
	if err := r.opts.Machine.Edit(a, by, data, atts); err != nil {
		return err
	}
	a.Gebuehr = fee
	return r.save(ctx, a, "fill")
}

// Review validates the form data and records the declaration (§ 9a OZG).
func (r *Runner) Review(ctx context.Context, a *antrag.Antrag, by antrag.Actor, d antrag.Declaration) (*antrag.Report, error) {
	rep, err := r.opts.Machine.Review(a, by, r.opts.Form, d)
	if err != nil {
		return rep, err
	}
	return rep, r.save(ctx, a, "review")
}

// Pay creates the fee payment with the authority's booking data (the
// application ID is the idempotency key) and returns it; send the citizen
// to its PaymentURL. It is PayWith with nil options.
func (r *Runner) Pay(ctx context.Context, a *antrag.Antrag) (*payment.Payment, error) {
	return r.PayWith(ctx, a, nil)
}

// PayOptions adjust one payment attempt of PayWith. A nil *PayOptions
// keeps the defaults of Pay.
type PayOptions struct {
	// RequestID is the idempotency key of this attempt (1 to 36
	// characters, payment.ValidRequestID); "" means the application ID.
	// The platform answers a known key with the payment it made for it, so
	// a portal that lets the applicant pay again after a canceled or
	// failed attempt gives every attempt a key of its own.
	RequestID string
	// ReturnURL is where the payment page sends the citizen back after
	// this attempt; "" means RunnerOptions.ReturnURL with the application
	// ID as query parameter "antrag".
	ReturnURL string
}

// PayWith creates the fee payment like Pay, with the attempt's own
// idempotency key and return URL when opts set them. Amount, purpose
// (Verwendungszweck) and booking data are the definition's, filled with
// the authority's parameters.
func (r *Runner) PayWith(ctx context.Context, a *antrag.Antrag, opts *PayOptions) (*payment.Payment, error) {
	const op = "onlinedienst.PayWith"
	if !a.FeeApplies() {
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "no fee applies")
	}
	if a.State != antrag.Reviewed {
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "application is %s, want reviewed", a.State)
	}
	if opts == nil {
		opts = &PayOptions{}
	}
	rid, ret := opts.RequestID, opts.ReturnURL
	if rid == "" {
		rid = a.ID
	} else if !payment.ValidRequestID(rid) {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "RequestID is not 1 to 36 characters of [A-Za-z0-9_-]")
	}
	if ret == "" {
		ret = withQuery(r.opts.ReturnURL, "antrag", a.ID)
	}
	d := r.s.Definition
	return r.opts.Payments.Create(ctx, &payment.CreateParams{
		RequestID:   rid,
		Purpose:     r.s.Purpose(a.ID),
		Description: d.Leistung.Name,
		RedirectURL: ret,
		Items: []payment.LineItem{{
			ID: "1", Reference: d.ID, Description: d.Leistung.Name, Quantity: 1,
			SingleNet: a.Gebuehr, TotalNet: a.Gebuehr, Booking: r.s.Booking(a.ID),
		}},
	})
}

// withQuery adds the query parameter name=value to u, after the query u
// may already have ("?" or "&").
func withQuery(u, name, value string) string {
	base, frag, _ := strings.Cut(u, "#")
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	if frag != "" {
		frag = "#" + frag
	}
	return base + sep + url.QueryEscape(name) + "=" + url.QueryEscape(value) + frag
}

// ConfirmPayment asks the payment platform for the payment and records it
// when it is paid (RecordPayment); otherwise FailedPrecondition.
func (r *Runner) ConfirmPayment(ctx context.Context, a *antrag.Antrag, by antrag.Actor, paymentID string) error {
	p, err := r.opts.Payments.Get(ctx, paymentID)
	if err != nil {
		return err
	}
	return r.RecordPayment(ctx, a, by, p)
}

// RecordPayment records a payment the portal has already fetched from the
// payment platform — on the citizen's return (payment.ReturnHandler) or
// from a payment.Poller — in the application and stores it. The payment
// must be paid (FailedPrecondition otherwise) and its amount must be the
// fee (antrag's FailedPrecondition otherwise); its transaction reference
// is the Kassenzeichen of the definition's booking data. Recording the
// payment the application already records (the same ID) again does
// nothing and returns nil, so the return handler and the poller may both
// record it; another payment for a paid application is FailedPrecondition.
func (r *Runner) RecordPayment(ctx context.Context, a *antrag.Antrag, by antrag.Actor, p *payment.Payment) error {
	const op = "onlinedienst.RecordPayment"
	if p == nil {
		return ozg.Errorf(ozg.InvalidArgument, op, "nil payment")
	}
	if a.Payment != nil && a.Payment.TransactionID == p.ID && a.State != antrag.Reviewed {
		return nil
	}
	if p.Status != payment.StatusPaid {
		return ozg.Errorf(ozg.FailedPrecondition, op, "payment is %s", p.Status)
	}
	method := p.Method
	if method == "" {
		method = "OTHER"
	}
	err := r.opts.Machine.Pay(a, by, antrag.Payment{
		TransactionID: p.ID, TransactionReference: r.s.Booking(a.ID).Kassenzeichen, TransactionURL: p.StatusURL,
		TransactionTimestamp: p.Updated, PaymentMethod: method, PaymentMethodDetail: p.MethodDetail,
		Status: "BOOKED", GrossAmount: p.Amount,
	})
	if err != nil {
		return err
	}
	r.notify(ctx, a, antrag.Paid)
	return r.save(ctx, a, "pay")
}

// DeliveryError reports that an application was submitted but could not
// be delivered: routing (Step "route"), sending (Step "send") or storing
// the chosen destination or the forwarding (Step "record") failed. The application stays Submitted
// with the data and declaration the applicant confirmed, and calling Submit
// again resumes the delivery; the Sender's idempotency key (the
// application ID) makes sure it is delivered once.
type DeliveryError struct {
	Step string // route, send or record
	Err  error  // the cause
}

// Error formats the error as "onlinedienst: submitted but not delivered
// (STEP): CAUSE".
func (e *DeliveryError) Error() string {
	return "onlinedienst: submitted but not delivered (" + e.Step + "): " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *DeliveryError) Unwrap() error { return e.Err }

// deliveryError wraps a delivery failure in an ozg.Error with the cause's
// code; an unclassified cause is Unavailable (retry later).
func deliveryError(op, step string, err error) error {
	code := ozg.CodeOf(err)
	if code == ozg.Unknown {
		code = ozg.Unavailable
	}
	return &ozg.Error{Code: code, Op: op, Err: &DeliveryError{Step: step, Err: err}}
}

// Submit checks the login against the required trust level, submits, finds
// the destination — the fixed one of the parameters, or the first verified
// one the router returns — records it with the application, delivers and
// records the forwarding. It returns the submission ID.
//
// The submission is recorded (state Submitted, stored) before anything is
// routed or sent: it is the applicant's act (§ 9a OZG), and from then on
// the data and the declaration the applicant confirmed cannot change, so
// what is delivered is what was confirmed, however often the delivery is
// tried. If routing or sending fails, Submit returns an error wrapping a
// *DeliveryError (with the cause's ozg code, Unavailable when the cause
// has none; e.g. FailedPrecondition when no verified destination is
// found) and the application stays Submitted. Calling Submit again on a
// Submitted application resumes the delivery: it neither checks nor
// records the login again (the submission was made with the recorded
// one), it does not route again once a destination was recorded (the
// retry goes where the first attempt went, even if the directory changed
// in between), and the Sender gets the same AntragID, its idempotency key, so an
// interrupted send resumes and a send that reached the provider is not
// repeated. A Sender other than MessagingSender must be idempotent on
// AntragID too.
func (r *Runner) Submit(ctx context.Context, a *antrag.Antrag, by antrag.Actor, login antrag.Login) (string, error) {
	const op = "onlinedienst.Submit"
	// Asked first, so a failure leaves the application as it was.
	var reply *messaging.ReplyChannel
	if r.opts.ReplyChannel != nil {
		var err error
		if reply, err = r.opts.ReplyChannel(ctx, a); err != nil {
			return "", &ozg.Error{Code: ozg.CodeOf(err), Op: op, Err: fmt.Errorf("reply channel: %w", err)}
		}
	}
	if a.State == antrag.Submitted {
		r.log.InfoContext(ctx, "onlinedienst step", "definition", r.s.Definition.ID, "antrag", a.ID, "step", "resume delivery", "state", string(a.State))
	} else {
		before := a.Clone()
		if err := r.opts.Machine.Submit(a, by, login); err != nil {
			return "", err
		}
		if err := r.save(ctx, a, "submit"); err != nil {
			*a = *before // not recorded: the application is as it was
			return "", err
		}
		r.notify(ctx, a, antrag.Submitted)
	}
	dest, err := r.chosen(ctx, a)
	if err != nil {
		return "", err
	}
	id, err := r.opts.Sender.Send(ctx, &Submission{
		ClientID: r.s.Parameters.FITConnect.ClientID, DestinationID: dest.ID,
		Leistung: a.Leistung, LeistungName: a.LeistungName, Gebiet: a.Gebiet,
		Data: a.Data, SchemaURI: a.SchemaURI, Attachments: a.Attachments, AntragID: a.ID,
		Details: Details(a, reply),
	})
	if err != nil {
		return "", deliveryError(op, "send", err)
	}
	before := a.Clone()
	if err := r.opts.Machine.Forward(a, antrag.Actor{Kind: "system", ID: "onlinedienst"}, dest); err != nil {
		return "", err
	}
	if err := r.save(ctx, a, "forward"); err != nil {
		// Still Submitted: a retry sends again under the same key, which
		// returns the same submission, and records the forwarding then.
		*a = *before
		return "", deliveryError(op, "record", err)
	}
	r.notify(ctx, a, antrag.Forwarded)
	return id, nil
}

// chosen returns the destination recorded with the application, or
// routes and records it before anything is sent: a resumed delivery must
// go where the first attempt went (the outbox keeps the first
// announcement under the application's key), even if the directory has
// changed in between.
func (r *Runner) chosen(ctx context.Context, a *antrag.Antrag) (antrag.Destination, error) {
	const op = "onlinedienst.Submit"
	if a.Destination != nil {
		r.log.InfoContext(ctx, "onlinedienst step", "definition", r.s.Definition.ID, "antrag", a.ID, "step", "recorded destination", "state", string(a.State))
		return *a.Destination, nil
	}
	dest, err := r.destination(ctx)
	if err != nil {
		return dest, deliveryError(op, "route", err)
	}
	before := a.Clone()
	d := dest
	a.Destination = &d
	if err := r.save(ctx, a, "route"); err != nil {
		*a = *before // not recorded: route again next time
		return dest, deliveryError(op, "record", err)
	}
	return dest, nil
}

func (r *Runner) destination(ctx context.Context) (antrag.Destination, error) {
	p := r.s.Parameters
	if r.s.Definition.Zustellung.Art == ZustellungFest {
		return antrag.Destination{ID: p.FITConnect.DestinationID}, nil
	}
	zs, err := r.opts.Router.Route(ctx, r.s.Definition.Leistung.Schluessel, p.ARS)
	if err != nil {
		return antrag.Destination{}, err
	}
	for _, z := range zs {
		if z.Destination != nil {
			return *z.Destination, nil
		}
	}
	return antrag.Destination{}, ozg.Errorf(ozg.FailedPrecondition, "onlinedienst.destination",
		"no verified destination for LeiKa %s in %s", r.s.Definition.Leistung.Schluessel, p.ARS)
}

// notify sends the definition's notifications for the event; failures are
// logged, not returned (the application has moved on).
func (r *Runner) notify(ctx context.Context, a *antrag.Antrag, event antrag.State) {
	if r.opts.Notifier == nil {
		return
	}
	for _, b := range r.s.Definition.Benachrichtigungen {
		if b.Anlass != string(event) {
			continue
		}
		if err := r.opts.Notifier.Notify(ctx, a, b.Kanal, r.s.Text(b.Text)); err != nil {
			r.log.WarnContext(ctx, "onlinedienst notification failed", "antrag", a.ID, "event", string(event), "code", ozg.CodeOf(err).String())
		}
	}
}

// Login converts a verified service-account login (the Identity of
// servicekonto.ServiceProvider.ProcessResponse) into the antrag.Login that
// Submit checks against the definition's trust level.
func Login(id *servicekonto.Identity) antrag.Login {
	return antrag.Login{Method: id.Person.LoginMethod, Level: id.Vertrauensniveau}
}
