package antrag

import (
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// State is the lifecycle state of an application.
type State string

// The states. An application starts as Draft; Withdrawn, Decided and — if
// no decision follows — Rejected end it.
const (
	Draft     State = "draft"     // being filled in
	Reviewed  State = "reviewed"  // declaration shown and acknowledged (§ 9a OZG)
	Paid      State = "paid"      // fee paid
	Submitted State = "submitted" // sent off by the applicant
	Forwarded State = "forwarded" // handed to the responsible authority (e.g. via FIT-Connect)
	Accepted  State = "accepted"  // the authority accepted the submission
	Rejected  State = "rejected"  // the authority rejected the submission
	Decided   State = "decided"   // the decision (Bescheid) was delivered
	Withdrawn State = "withdrawn" // withdrawn by the applicant
)

// Action is what moves an application from one state to another.
type Action string

// The actions of the state machine.
const (
	ActionCreate   Action = "create" // recorded by Machine.New
	ActionEdit     Action = "edit"
	ActionReview   Action = "review"
	ActionPay      Action = "pay"
	ActionSubmit   Action = "submit"
	ActionForward  Action = "forward"
	ActionAccept   Action = "accept"
	ActionReject   Action = "reject"
	ActionDecide   Action = "decide"
	ActionWithdraw Action = "withdraw"
)

// transitions is the state machine: for each action the states it may
// start from and the state it leads to. Pay and Submit have further
// conditions (fee, payment) checked by the Machine.
var transitions = map[Action]struct {
	from []State
	to   State
}{
	ActionEdit:     {[]State{Draft, Reviewed}, Draft},
	ActionReview:   {[]State{Draft}, Reviewed},
	ActionPay:      {[]State{Reviewed}, Paid},
	ActionSubmit:   {[]State{Reviewed, Paid}, Submitted},
	ActionForward:  {[]State{Submitted}, Forwarded},
	ActionAccept:   {[]State{Forwarded}, Accepted},
	ActionReject:   {[]State{Forwarded}, Rejected},
	ActionDecide:   {[]State{Accepted, Rejected}, Decided},
	ActionWithdraw: {[]State{Draft, Reviewed, Paid, Submitted, Forwarded, Accepted}, Withdrawn},
}

// Actor is who performed a transition: the applicant, a clerk, or a system
// (the online service, a payment callback).
type Actor struct {
	// Kind is "applicant", "authority" or "system".
	Kind string `json:"kind"`
	// ID identifies the actor within its kind, e.g. the service-account
	// postbox handle, a clerk's user ID, or a component name. It must not
	// be personal data in clear text.
	ID string `json:"id"`
}

// Transition is one recorded step of the lifecycle.
type Transition struct {
	From   State     `json:"from"`   // state before
	To     State     `json:"to"`     // state after
	Action Action    `json:"action"` // what caused it
	At     time.Time `json:"at"`     // when (from the Machine's clock)
	By     Actor     `json:"by"`     // who
	// Note is a short reason (e.g. a rejection reason); no personal data.
	Note string `json:"note,omitempty"`
}

// Attachment is a file sent with the application, with the SHA-512 hash
// FIT-Connect metadata carries (hash.type sha512, 128 lower-case hex
// digits of the unencrypted bytes).
type Attachment struct {
	// ID is the attachmentId (UUID) the form data reference.
	ID       string `json:"attachmentId"`
	Filename string `json:"filename,omitempty"` // original file name
	MimeType string `json:"mimeType"`           // media type, e.g. application/pdf
	// Purpose is form, attachment or report (FIT-Connect).
	Purpose string `json:"purpose"`
	Size    int64  `json:"size"` // size in bytes
	// SHA512 is the hex-encoded SHA-512 of the content.
	SHA512 string `json:"sha512"`
}

// NewAttachment describes content as an attachment and computes its hash.
func NewAttachment(id, filename, mimeType, purpose string, content []byte) Attachment {
	sum := sha512.Sum512(content)
	return Attachment{ID: id, Filename: filename, MimeType: mimeType, Purpose: purpose, Size: int64(len(content)), SHA512: hex.EncodeToString(sum[:])}
}

// Verify reports whether content matches the attachment's size and hash.
func (a Attachment) Verify(content []byte) bool {
	sum := sha512.Sum512(content)
	return int64(len(content)) == a.Size && hex.EncodeToString(sum[:]) == a.SHA512
}

// Declaration is what the applicant saw and confirmed before submitting
// (§ 9a OZG): the full declaration and the warning against hasty
// submission. After submission it is frozen as the applicant's copy
// (§ 9a (4) OZG).
type Declaration struct {
	// Text is the full declaration as shown (the form summary).
	Text string `json:"text"`
	// Warning is the warning against hasty submission as shown.
	Warning string `json:"warning"`
	// WarningAcknowledged records that the applicant confirmed the warning.
	WarningAcknowledged bool `json:"warningAcknowledged"`
	// ShownAt is when the declaration was shown.
	ShownAt time.Time `json:"shownAt"`
	// DataSHA512 is the hash of the form data the declaration covers.
	DataSHA512 string `json:"dataSha512"`
}

// Payment is the outcome of paying the fee, in the shape of FIT-Connect
// paymentInformation.
type Payment struct {
	TransactionID        string          `json:"transactionId"`                 // the payment provider's transaction ID
	TransactionReference string          `json:"transactionReference"`          // e.g. the Kassenzeichen
	TransactionURL       string          `json:"transactionUrl,omitempty"`      // REST URL of the transaction
	TransactionTimestamp time.Time       `json:"transactionTimestamp,omitzero"` // when the payment succeeded
	PaymentMethod        string          `json:"paymentMethod"`                 // GIROPAY PAYDIRECT CREDITCARD PAYPAL INVOICE OTHER
	PaymentMethodDetail  string          `json:"paymentMethodDetail,omitempty"` // e.g. the card brand
	Status               string          `json:"status"`                        // INITIAL BOOKED FAILED CANCELED
	GrossAmount          decimal.Decimal `json:"grossAmount"`                   // amount paid
}

// Login is the authentication behind a submission: the method and the
// trust level the service account reported.
type Login struct {
	Method ozg.LoginMethod      `json:"method"` // how the applicant logged in
	Level  ozg.Vertrauensniveau `json:"level"`  // trust level of the login
	// IdentificationReport is the base64url-encoded identification report
	// for FIT-Connect authenticationInformation, if the service account
	// issued one.
	IdentificationReport        string `json:"identificationReport,omitempty"`
	IdentificationReportVersion string `json:"identificationReportVersion,omitempty"` // semver of the report type
}

// Antrag is an application for a public service: the form data and what
// the other packages need to pay for it, send it and route it, with its
// lifecycle state and history. The zero value is not useful; use New.
type Antrag struct {
	// ID identifies the application within its store.
	ID string `json:"id"`
	// Revision counts the stored versions; Store.Update checks it.
	Revision int64 `json:"revision"`
	// Leistung is the LeiKa key of the public service.
	Leistung ozg.Leistungsschluessel `json:"leistung"`
	// LeistungName is the name of the service (FIT-Connect
	// publicServiceType.name).
	LeistungName string `json:"leistungName,omitempty"`
	// Gebiet is the ARS of the area whose authority is responsible.
	Gebiet ozg.ARS `json:"gebiet"`
	// Schema is the FIM schema reference (e.g. S00000094V1.0) and
	// SchemaURI the JSON Schema URI of the data.
	Schema    string `json:"schema"`
	SchemaURI string `json:"schemaUri"` // JSON Schema URI of Data
	// Vertrauensniveau is the trust level the service requires of the
	// login; Submit refuses a lower one.
	Vertrauensniveau ozg.Vertrauensniveau `json:"vertrauensniveau"`
	// Gebuehr is the fee; zero if the service is free.
	Gebuehr decimal.Decimal `json:"gebuehr"`
	// Data is the form data (JSON keyed by FIM element ID).
	Data json.RawMessage `json:"data,omitempty"`
	// Attachments are the files sent with the application.
	Attachments []Attachment `json:"attachments,omitempty"`
	// State is the current lifecycle state; History all transitions.
	State   State        `json:"state"`
	History []Transition `json:"history"` // every transition, oldest first
	// Declaration is the declaration shown at review; after submission it
	// is the applicant's copy.
	Declaration *Declaration `json:"declaration,omitempty"`
	// Payment is set when the fee was paid.
	Payment *Payment `json:"payment,omitempty"`
	// Login is the authentication of the submission.
	Login *Login `json:"login,omitempty"`
	// Destination is where the application is delivered: recorded once
	// it is chosen (still Submitted, before anything is sent, so a
	// resumed delivery goes to the same place) and kept when the
	// application is Forwarded.
	Destination *Destination `json:"destination,omitempty"`
	// Bescheid references the delivered decision (e.g. a document ID).
	Bescheid string `json:"bescheid,omitempty"`
}

// Spec is what an online service knows about the public service when it
// opens an application.
type Spec struct {
	Leistung         ozg.Leistungsschluessel // LeiKa key of the service
	LeistungName     string                  // name of the service
	Gebiet           ozg.ARS                 // ARS of the area
	Form             *Form                   // the form, for its schema reference and data checks
	Vertrauensniveau ozg.Vertrauensniveau    // trust level the service requires
	Gebuehr          decimal.Decimal         // fee; zero if free
}

// FeeApplies reports whether the application costs a fee.
func (a *Antrag) FeeApplies() bool { return a.Gebuehr.IsPositive() }

// DataSHA512 returns the hex SHA-512 of the form data.
func (a *Antrag) DataSHA512() string {
	sum := sha512.Sum512(a.Data)
	return hex.EncodeToString(sum[:])
}

// Clone returns a deep copy.
func (a *Antrag) Clone() *Antrag {
	c := *a
	c.Data = slices.Clone(a.Data)
	c.Attachments = slices.Clone(a.Attachments)
	c.History = slices.Clone(a.History)
	if a.Declaration != nil {
		d := *a.Declaration
		c.Declaration = &d
	}
	if a.Payment != nil {
		p := *a.Payment
		c.Payment = &p
	}
	if a.Login != nil {
		l := *a.Login
		c.Login = &l
	}
	if a.Destination != nil {
		d := a.Destination.clone()
		c.Destination = &d
	}
	return &c
}

// TransitionError reports an action that the state machine does not allow
// in the application's state, or whose condition is not met.
type TransitionError struct {
	Action Action // the refused action
	From   State  // the state it was tried in
	// Reason explains a failed condition; empty when the action is never
	// allowed from From.
	Reason string
}

// Error formats the error as "cannot ACTION in state STATE[: REASON]".
func (e *TransitionError) Error() string {
	if e.Reason != "" {
		return fmt.Sprintf("cannot %s in state %s: %s", e.Action, e.From, e.Reason)
	}
	return fmt.Sprintf("cannot %s in state %s", e.Action, e.From)
}

// ErrTrustLevel is wrapped by the error Submit returns when the login's
// trust level is below the required one.
var ErrTrustLevel = errors.New("trust level of the login is too low")

// Machine drives applications through their lifecycle. Its zero value uses
// time.Now; set Now for deterministic tests.
type Machine struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// NewID makes application IDs for New; nil means a random UUID.
	NewID func() string
}

func (m *Machine) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// New opens an application in state Draft.
func (m *Machine) New(spec Spec, by Actor) (*Antrag, error) {
	if spec.Leistung.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, "antrag.New", "Leistung (LeiKa key) missing")
	}
	if spec.Gebuehr.IsNegative() {
		return nil, ozg.Errorf(ozg.InvalidArgument, "antrag.New", "negative fee")
	}
	id := ""
	if m.NewID != nil {
		id = m.NewID()
	} else {
		id = newUUID()
	}
	a := &Antrag{
		ID: id, Leistung: spec.Leistung, LeistungName: spec.LeistungName, Gebiet: spec.Gebiet,
		Vertrauensniveau: spec.Vertrauensniveau, Gebuehr: spec.Gebuehr, State: Draft,
	}
	if spec.Form != nil {
		a.Schema = spec.Form.schema.Identifikation.String()
		a.SchemaURI = spec.Form.schemaURI
	}
	a.History = append(a.History, Transition{To: Draft, Action: ActionCreate, At: m.now(), By: by})
	return a, nil
}

func (m *Machine) step(a *Antrag, act Action, by Actor, note string, check func() string) error {
	t := transitions[act]
	if !slices.Contains(t.from, a.State) {
		return &ozg.Error{Code: ozg.FailedPrecondition, Op: "antrag." + string(act), Err: &TransitionError{Action: act, From: a.State}}
	}
	if check != nil {
		if reason := check(); reason != "" {
			return &ozg.Error{Code: ozg.FailedPrecondition, Op: "antrag." + string(act), Err: &TransitionError{Action: act, From: a.State, Reason: reason}}
		}
	}
	a.History = append(a.History, Transition{From: a.State, To: t.to, Action: act, At: m.now(), By: by, Note: note})
	a.State = t.to
	return nil
}

// Edit replaces the form data and attachments. In state Reviewed it
// returns the application to Draft: the declaration no longer matches.
func (m *Machine) Edit(a *Antrag, by Actor, data json.RawMessage, attachments []Attachment) error {
	if err := m.step(a, ActionEdit, by, "", nil); err != nil {
		return err
	}
	a.Data = slices.Clone(data)
	a.Attachments = slices.Clone(attachments)
	a.Declaration = nil
	return nil
}

// Review records that the applicant was shown the full declaration and
// acknowledged the warning against hasty submission (§ 9a OZG). If form is
// not nil the data are validated first and a failing report is returned
// with an InvalidArgument error.
func (m *Machine) Review(a *Antrag, by Actor, form *Form, d Declaration) (*Report, error) {
	var rep *Report
	if form != nil {
		var err error
		if rep, err = form.Validate(a.Data); err != nil {
			return nil, err
		}
		if !rep.Valid() {
			return rep, ozg.Errorf(ozg.InvalidArgument, "antrag.review", "form data have %d violations", len(rep.Violations))
		}
	}
	err := m.step(a, ActionReview, by, "", func() string {
		switch {
		case d.Text == "":
			return "declaration text not shown"
		case d.Warning == "":
			return "warning against hasty submission not shown"
		case !d.WarningAcknowledged:
			return "warning against hasty submission not acknowledged"
		}
		return ""
	})
	if err != nil {
		return rep, err
	}
	if d.ShownAt.IsZero() {
		d.ShownAt = a.History[len(a.History)-1].At
	}
	d.DataSHA512 = a.DataSHA512()
	a.Declaration = &d
	return rep, nil
}

// Pay records the payment of the fee. It is refused when no fee applies,
// the payment is not BOOKED, or its amount differs from the fee.
func (m *Machine) Pay(a *Antrag, by Actor, p Payment) error {
	err := m.step(a, ActionPay, by, "", func() string {
		switch {
		case !a.FeeApplies():
			return "no fee applies"
		case p.Status != "BOOKED":
			return "payment status is " + p.Status + ", want BOOKED"
		case !p.GrossAmount.Equal(a.Gebuehr):
			return "amount paid differs from the fee"
		}
		return ""
	})
	if err != nil {
		return err
	}
	a.Payment = &p
	return nil
}

// Submit sends the application off. It is refused (PermissionDenied,
// wrapping ErrTrustLevel) when the service requires a trust level and the
// login's is below it or unknown, and (FailedPrecondition) when a fee applies but was not
// paid, or the data changed since review. The declaration is kept as the
// applicant's copy.
func (m *Machine) Submit(a *Antrag, by Actor, login Login) error {
	if a.Vertrauensniveau != 0 && !login.Level.AtLeast(a.Vertrauensniveau) {
		return &ozg.Error{Code: ozg.PermissionDenied, Op: "antrag.submit",
			Err: fmt.Errorf("%w: login %s, service requires %s", ErrTrustLevel, levelName(login.Level), levelName(a.Vertrauensniveau))}
	}
	err := m.step(a, ActionSubmit, by, "", func() string {
		switch {
		case a.FeeApplies() && a.State != Paid:
			return "fee not paid"
		case a.Declaration == nil || a.Declaration.DataSHA512 != a.DataSHA512():
			return "data changed since the declaration was shown"
		}
		return ""
	})
	if err != nil {
		return err
	}
	a.Login = &login
	return nil
}

func levelName(v ozg.Vertrauensniveau) string {
	if v == 0 {
		return "none"
	}
	return v.String()
}

// Forward records that the application was handed to the destination.
func (m *Machine) Forward(a *Antrag, by Actor, dest Destination) error {
	if err := m.step(a, ActionForward, by, "", nil); err != nil {
		return err
	}
	d := dest.clone()
	a.Destination = &d
	return nil
}

// Accept records that the authority accepted the submission.
func (m *Machine) Accept(a *Antrag, by Actor) error {
	return m.step(a, ActionAccept, by, "", nil)
}

// Reject records that the authority rejected the submission, with a short
// reason (no personal data).
func (m *Machine) Reject(a *Antrag, by Actor, reason string) error {
	return m.step(a, ActionReject, by, reason, nil)
}

// Decide records that the decision (Bescheid) was delivered; bescheid
// references it. A decision may follow an accepted or a rejected
// submission (e.g. a formal rejection notice).
func (m *Machine) Decide(a *Antrag, by Actor, bescheid string) error {
	if err := m.step(a, ActionDecide, by, "", nil); err != nil {
		return err
	}
	a.Bescheid = bescheid
	return nil
}

// Withdraw records that the applicant withdrew the application. It is
// possible until a decision is delivered or the submission was rejected.
func (m *Machine) Withdraw(a *Antrag, by Actor, reason string) error {
	return m.step(a, ActionWithdraw, by, reason, nil)
}

// Allowed lists the actions the state machine allows from state s (before
// the conditions of Pay and Submit).
func Allowed(s State) []Action {
	var out []Action
	for _, act := range []Action{ActionEdit, ActionReview, ActionPay, ActionSubmit, ActionForward, ActionAccept, ActionReject, ActionDecide, ActionWithdraw} {
		if slices.Contains(transitions[act].from, s) {
			out = append(out, act)
		}
	}
	return out
}

// CitizenCopy is the applicant's copy of a submitted application (§ 9a (4)
// OZG): what was declared, the data it covered and when it was submitted.
type CitizenCopy struct {
	ID          string                  `json:"id"`                    // application ID
	Leistung    ozg.Leistungsschluessel `json:"leistung"`              // the service
	Declaration Declaration             `json:"declaration"`           // as shown and acknowledged
	Data        json.RawMessage         `json:"data"`                  // the submitted form data
	Attachments []Attachment            `json:"attachments,omitempty"` // with their hashes
	SubmittedAt time.Time               `json:"submittedAt"`           // time of submission
}

// CitizenCopy returns the applicant's copy; ok is false before submission.
func (a *Antrag) CitizenCopy() (c CitizenCopy, ok bool) {
	if a.Declaration == nil {
		return CitizenCopy{}, false
	}
	for _, h := range a.History {
		if h.To == Submitted {
			return CitizenCopy{ID: a.ID, Leistung: a.Leistung, Declaration: *a.Declaration, Data: slices.Clone(a.Data),
				Attachments: slices.Clone(a.Attachments), SubmittedAt: h.At}, true
		}
	}
	return CitizenCopy{}, false
}
