package payment_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *payment.CreateParams)
		rule string
	}{
		{"request id too long", func(p *payment.CreateParams) { p.RequestID = strings.Repeat("a", 37) }, "request-id"},
		{"request id charset", func(p *payment.CreateParams) { p.RequestID = "a.b" }, "request-id"},
		{"currency", func(p *payment.CreateParams) { p.Currency = "USD" }, "currency"},
		{"purpose missing", func(p *payment.CreateParams) { p.Purpose = "" }, "purpose.required"},
		{"purpose long", func(p *payment.CreateParams) { p.Purpose = strings.Repeat("x", 28) }, "purpose.length"},
		{"purpose charset", func(p *payment.CreateParams) { p.Purpose = "Gebühr" }, "purpose.charset"},
		{"purpose punctuation", func(p *payment.CreateParams) { p.Purpose = "AZ: 4711/2026" }, "purpose.charset"},
		{"description", func(p *payment.CreateParams) { p.Description = strings.Repeat("d", 251) }, "description.length"},
		{"description charset", func(p *payment.CreateParams) { p.Description = "Gebühr: Hund (1)" }, "description.charset"},
		{"redirect long", func(p *payment.CreateParams) { p.RedirectURL = "https://a.example/" + strings.Repeat("x", 2070) }, "redirect-url"},
		{"item id", func(p *payment.CreateParams) { p.Items[0].ID = "" }, "item.id"},
		{"item id charset", func(p *payment.CreateParams) { p.Items[0].ID = "1.1" }, "item.id"},
		{"item reference", func(p *payment.CreateParams) { p.Items[0].Reference = strings.Repeat("r", 37) }, "item.reference"},
		{"item description", func(p *payment.CreateParams) { p.Items[0].Description = "Hund €" }, "item.description.charset"},
		{"quantity max", func(p *payment.CreateParams) { p.Items[0].Quantity = 1000000 }, "item.quantity"},
		{"amount max", func(p *payment.CreateParams) {
			p.Items[0].SingleNet, p.Items[0].TotalNet = d("1000000"), d("1000000")
		}, "amount"},
		{"redirect missing", func(p *payment.CreateParams) { p.RedirectURL = "" }, "redirect-url"},
		{"redirect relative", func(p *payment.CreateParams) { p.RedirectURL = "/back" }, "redirect-url"},
		{"redirect scheme", func(p *payment.CreateParams) { p.RedirectURL = "javascript:alert(1)" }, "redirect-url"},
		{"no items", func(p *payment.CreateParams) { p.Items = nil }, "items.count"},
		{"too many items", func(p *payment.CreateParams) {
			for len(p.Items) < 100 {
				p.Items = append(p.Items, p.Items[0])
			}
		}, "items.count"},
		{"quantity", func(p *payment.CreateParams) { p.Items[0].Quantity = 0 }, "item.quantity"},
		{"three digits", func(p *payment.CreateParams) { p.Items[0].SingleNet = d("25.001") }, "amount"},
		{"negative", func(p *payment.CreateParams) { p.Items[0].TotalTax = d("-1") }, "amount"},
		{"tax rate", func(p *payment.CreateParams) { p.Items[0].TaxRate = d("101") }, "item.tax-rate"},
		{"total net", func(p *payment.CreateParams) { p.Items[0].TotalNet = d("24") }, "item.total-net"},
		{"total tax", func(p *payment.CreateParams) { p.Items[0].TotalTax = d("1") }, "item.total-tax"},
		{"tax vs rate", func(p *payment.CreateParams) { p.Items[0].TaxRate = d("19") }, "item.tax"},
		{"booking", func(p *payment.CreateParams) { p.Items[0].Booking = payment.BookingData{} }, "item.booking"},
		{"sum", func(p *payment.CreateParams) { p.Amount = d("25.01") }, "amount.sum"},
		{"amount digits", func(p *payment.CreateParams) { p.Amount = d("25.005") }, "amount"},
		{"zero", func(p *payment.CreateParams) {
			p.Items[0].SingleNet, p.Items[0].TotalNet = decimal.Zero, decimal.Zero
		}, "amount.positive"},
		{"email", func(p *payment.CreateParams) { p.Requestor = &payment.Requestor{Email: "not-an-address"} }, "requestor.email"},
		{"country", func(p *payment.CreateParams) {
			p.Requestor = &payment.Requestor{Address: &payment.Address{Country: "Deutschland"}}
		}, "address.country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := drivertest.Params("val-1")
			tt.edit(p)
			err := p.Validate(nil)
			var ve *payment.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want *ValidationError", err)
			}
			if !ve.Has(tt.rule) {
				t.Errorf("violations %+v lack rule %s", ve.Violations, tt.rule)
			}
		})
	}
	ok := drivertest.Params("val-ok")
	ok.Items[0] = payment.LineItem{ID: "1", Quantity: 3, TaxRate: d("19"), SingleNet: d("10.00"), SingleTax: d("1.90"),
		TotalNet: d("30.00"), TotalTax: d("5.70"), Booking: payment.BookingData{Objektnummer: "7"}}
	ok.Amount = d("35.70")
	if err := ok.Validate(nil); err != nil {
		t.Errorf("valid request: %v", err)
	}
}

func TestValidationErrorListsAll(t *testing.T) {
	p := drivertest.Params("x")
	p.Currency, p.RedirectURL, p.Items[0].Quantity = "USD", "", 0
	var ve *payment.ValidationError
	if err := p.Validate(nil); !errors.As(err, &ve) || len(ve.Violations) != 3 {
		t.Fatalf("Validate = %v, want 3 violations", err)
	}
	if !strings.Contains(ve.Error(), "and 2 more") {
		t.Errorf("Error() = %q", ve.Error())
	}
}

func TestCleanPurpose(t *testing.T) {
	tests := []struct {
		in, want string
		max      int
		trunc    bool
		err      error
	}{
		{"Hundesteuer 2026", "Hundesteuer 2026", 27, false, nil},
		{"Gebühr für Straßenreinigung", "Gebuehr fuer Strassenreinig", 27, true, nil},
		{"Gebühr für Straßenreinigung", "", 27, false, payment.ErrPurposeLength},
		{"Café  René\t& Söhne", "Cafe Rene + Soehne", 140, false, nil},
		{"  AZ: 4711/2026  ", "AZ: 4711/2026", 27, false, nil},
		{"Kassenzeichen #12_34", "Kassenzeichen 12-34", 27, false, nil},
		{"AZ: 4711/2026 (Hund)", "AZ: 4711/2026 (Hund)", 140, false, nil},
		{"Gebühr 10 €", "Gebuehr 10 EUR", 27, false, nil},
		{"日本", "", 27, false, payment.ErrPurposeCharset},
		{"ok \xff", "", 27, false, payment.ErrPurposeCharset},
		{"Ελλάδα", "", 140, false, payment.ErrPurposeCharset},
		{strings.Repeat("a", 140), strings.Repeat("a", 140), 0, false, nil},
		{strings.Repeat("a", 141), "", 0, false, payment.ErrPurposeLength},
	}
	for _, tt := range tests {
		got, err := payment.CleanPurpose(tt.in, &payment.PurposeOptions{MaxLen: tt.max, Truncate: tt.trunc})
		if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
			t.Errorf("CleanPurpose(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if got != tt.want {
			t.Errorf("CleanPurpose(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	_, err := payment.CleanPurpose("abc日", nil)
	var pe *payment.PurposeError
	if !errors.As(err, &pe) || pe.Pos != 3 {
		t.Errorf("position: %v", err)
	}
}

func TestCleanPurposeXBezahldienste(t *testing.T) {
	tests := []struct{ in, want string }{
		{"AZ: 4711/2026", "AZ 4711-2026"},
		{"Gebühr (Hund) Nr. 5", "Gebuehr Hund Nr 5"},
		{"KZ_4711 & Co", "KZ_4711 Co"},
		{"mail@amt", "mail at amt"},
		{"Straße-Süd", "Strasse-Sued"},
	}
	for _, tt := range tests {
		got, err := payment.CleanPurpose(tt.in, payment.XBezahldienstePurpose())
		if err != nil || got != tt.want {
			t.Errorf("CleanPurpose(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		p := drivertest.Params("x")
		p.Purpose = got
		if err := p.Validate(nil); err != nil {
			t.Errorf("cleaned purpose %q does not validate: %v", got, err)
		}
	}
}

func TestCleanDescription(t *testing.T) {
	got, err := payment.CleanDescription("Hundesteuer: 1. Hund (Bello) – 2026 €")
	if err != nil || got != "Hundesteuer 1. Hund Bello 2026" {
		t.Errorf("CleanDescription = %q, %v", got, err)
	}
	if _, err := payment.CleanDescription(strings.Repeat("ä", 251)); err == nil {
		t.Error("251 characters accepted")
	}
}

func FuzzCleanPurpose(f *testing.F) {
	for _, s := range []string{"Gebühr", "Straße 1", "€", "a\tb", "Ω"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, cs := range []payment.Charset{payment.CharsetSEPA, payment.CharsetXBezahldienste} {
			out, err := payment.CleanPurpose(s, &payment.PurposeOptions{MaxLen: 27, Truncate: true, Charset: cs})
			if err != nil {
				continue
			}
			if len([]rune(out)) > 27 {
				t.Fatalf("%q longer than 27", out)
			}
			again, err := payment.CleanPurpose(out, &payment.PurposeOptions{MaxLen: 27, Charset: cs})
			if err != nil || again != out {
				t.Fatalf("cleaning is not idempotent: %q → %q, %v", out, again, err)
			}
			if cs == payment.CharsetXBezahldienste && out != "" {
				p := drivertest.Params("x")
				p.Purpose = out
				if err := p.Validate(nil); err != nil {
					t.Fatalf("cleaned %q does not validate: %v", out, err)
				}
			}
		}
	})
}

func TestStateMachine(t *testing.T) {
	all := []payment.Status{payment.StatusCreated, payment.StatusPending, payment.StatusPaid, payment.StatusFailed, payment.StatusCanceled, payment.StatusExpired, payment.StatusRefunded}
	legal := map[[2]payment.Status]bool{
		{payment.StatusCreated, payment.StatusPending}: true, {payment.StatusCreated, payment.StatusPaid}: true,
		{payment.StatusCreated, payment.StatusFailed}: true, {payment.StatusCreated, payment.StatusCanceled}: true,
		{payment.StatusCreated, payment.StatusExpired}: true, {payment.StatusPending, payment.StatusPaid}: true,
		{payment.StatusPending, payment.StatusFailed}: true, {payment.StatusPending, payment.StatusCanceled}: true,
		{payment.StatusPending, payment.StatusExpired}: true, {payment.StatusPaid, payment.StatusRefunded}: true,
	}
	for _, from := range all {
		for _, to := range all {
			want := from == to || legal[[2]payment.Status{from, to}]
			if got := from.CanTransition(to); got != want {
				t.Errorf("%s → %s = %v, want %v", from, to, got, want)
			}
		}
		if from.Terminal() == from.Open() {
			t.Errorf("%s: Terminal and Open agree", from)
		}
	}
	if payment.Status("PAYED").Valid() || payment.Status("PAYED").CanTransition("PAYED") {
		t.Error("unknown status accepted")
	}
}

func TestClientRetriesAndErrors(t *testing.T) {
	ctx := context.Background()
	p := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.FailsTransiently(2)})
	c := payment.NewClient(p, &payment.ClientOptions{Retry: &payment.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond}})
	pay, err := c.Create(ctx, drivertest.Params("retry-1"))
	if err != nil {
		t.Fatalf("Create with 2 transient failures and 3 attempts: %v", err)
	}
	if p.Len() != 1 || pay.RequestID != "retry-1" {
		t.Errorf("Len = %d, request id %q", p.Len(), pay.RequestID)
	}
	p2 := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.FailsTransiently(3)})
	c2 := payment.NewClient(p2, &payment.ClientOptions{Retry: &payment.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond}})
	_, err = c2.Create(ctx, drivertest.Params("retry-2"))
	if !errors.Is(err, ozg.ErrUnavailable) || !errors.Is(err, paymenttest.ErrTransient) {
		t.Errorf("Create after 3 failures = %v, want Unavailable wrapping ErrTransient", err)
	}
	var oe *ozg.Error
	if !errors.As(err, &oe) || oe.Op != "payment.Create" {
		t.Errorf("error not wrapped once by payment.Create: %v", err)
	}
	// Validation happens before anything is sent.
	p3 := paymenttest.New(nil)
	bad := drivertest.Params("bad")
	bad.Amount = d("1")
	_, err = payment.NewClient(p3, nil).Create(ctx, bad)
	var ve *payment.ValidationError
	if !errors.Is(err, ozg.ErrInvalidArgument) || !errors.As(err, &ve) || p3.Len() != 0 {
		t.Errorf("invalid request: %v, provider has %d", err, p3.Len())
	}
	if _, err := payment.NewClient(p3, nil).Create(ctx, nil); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("nil params: %v", err)
	}
	if _, err := payment.NewClient(p3, nil).Get(ctx, ""); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("empty id: %v", err)
	}
}

func TestPurposeCleanedAndTruncatedOnRequest(t *testing.T) {
	c := payment.NewClient(paymenttest.New(nil), nil)
	p := drivertest.Params("pur-1")
	p.Purpose = "Gebühr für Straßenreinigung 2026"
	_, err := c.Create(context.Background(), p)
	var ve *payment.ValidationError
	if !errors.As(err, &ve) || !ve.Has("purpose.length") {
		t.Fatalf("long purpose: %v, want purpose.length", err)
	}
	c = payment.NewClient(paymenttest.New(nil), &payment.ClientOptions{Purpose: &payment.PurposeOptions{MaxLen: 27, Charset: payment.CharsetXBezahldienste, Truncate: true}})
	req, err := c.Prepare(p)
	if err != nil || req.Purpose != "Gebuehr fuer Strassenreinig" {
		t.Errorf("Prepare purpose = %q, %v", req.Purpose, err)
	}
	if !req.Amount.Equal(d("25")) || req.Currency != "EUR" || req.RequestTime.IsZero() {
		t.Errorf("defaults not filled: %+v", req)
	}
}

func TestCapabilities(t *testing.T) {
	ctx := context.Background()
	c := payment.NewClient(noCaps{paymenttest.New(nil)}, nil)
	if _, err := c.Cancel(ctx, "tx-1"); !errors.Is(err, ozg.ErrUnimplemented) {
		t.Errorf("Cancel = %v, want Unimplemented", err)
	}
	if _, err := c.Refund(ctx, "tx-1", d("1")); !errors.Is(err, ozg.ErrUnimplemented) {
		t.Errorf("Refund = %v, want Unimplemented", err)
	}
}

func TestWait(t *testing.T) {
	ctx := context.Background()
	c := payment.NewClient(paymenttest.New(&paymenttest.Options{Behavior: paymenttest.NeverCompletes()}), nil)
	pay, _ := c.Create(ctx, drivertest.Params("wait-1"))
	wctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	last, err := c.Wait(wctx, pay.ID, &payment.WaitOptions{Interval: 5 * time.Millisecond})
	if !errors.Is(err, ozg.ErrDeadlineExceeded) || last == nil || last.Status != payment.StatusPending {
		t.Errorf("Wait = %v, %v; want Pending and DeadlineExceeded", last, err)
	}
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestPoller(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	prov := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.Manual(), Now: clk.Now})
	c := payment.NewClient(prov, &payment.ClientOptions{Now: clk.Now})
	var changes []string
	pol := payment.NewPoller(c, nil, &payment.PollerOptions{
		Interval: time.Minute, MaxInterval: 8 * time.Minute, ExpireAfter: time.Hour, Now: clk.Now,
		OnChange: func(ctx context.Context, ch payment.Change) {
			changes = append(changes, ch.Payment.ID+":"+string(ch.From)+"→"+string(ch.Payment.Status))
		},
	})
	a, _ := c.Create(ctx, drivertest.Params("pol-a"))
	b, _ := c.Create(ctx, drivertest.Params("pol-b"))
	cc, _ := c.Create(ctx, drivertest.Params("pol-c"))
	for _, p := range []*payment.Payment{a, b, cc} {
		if err := pol.Track(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := pol.PollOnce(ctx); n != 0 {
		t.Errorf("polled %d before the interval", n)
	}
	clk.Add(time.Minute)
	if n, _ := pol.PollOnce(ctx); n != 3 {
		t.Errorf("polled %d, want 3", n)
	}
	// Back-off: nothing changed, next poll after 2 minutes.
	clk.Add(time.Minute)
	if n, _ := pol.PollOnce(ctx); n != 0 {
		t.Errorf("polled %d one minute later, want 0 (back-off)", n)
	}
	_ = prov.Pay(a.ID)
	_ = prov.Abort(b.ID)
	clk.Add(time.Minute)
	if n, _ := pol.PollOnce(ctx); n != 3 {
		t.Errorf("polled %d, want 3", n)
	}
	rec, _ := pol.Store().Load(ctx, cc.ID)
	if rec.Interval != 4*time.Minute || rec.Polls != 2 {
		t.Errorf("record = %+v, want interval 4m after two unchanged polls", rec)
	}
	// c stays open and expires after an hour; it gets canceled at the provider.
	for i := 0; i < 20; i++ {
		clk.Add(5 * time.Minute)
		if _, err := pol.PollOnce(ctx); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{a.ID + ":Created→Paid", b.ID + ":Created→Canceled", cc.ID + ":Created→Expired"}
	if strings.Join(changes, ",") != strings.Join(want, ",") {
		t.Errorf("changes = %v, want %v", changes, want)
	}
	if got, _ := c.Get(ctx, cc.ID); got.Status != payment.StatusCanceled {
		t.Errorf("expired payment at the provider: %s, want Canceled", got.Status)
	}
	// Illegal transition is refused.
	paid, _ := c.Get(ctx, a.ID)
	paid.Status = payment.StatusPending
	if err := pol.Update(ctx, paid); !errors.Is(err, ozg.ErrFailedPrecondition) {
		t.Errorf("Paid → Pending: %v, want FailedPrecondition", err)
	}
}

func TestMemoryStoreConcurrent(t *testing.T) {
	var s payment.MemoryStore
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := "p-" + string(rune('a'+i%26)) + string(rune('a'+i/26))
			_ = s.Save(ctx, payment.Record{Payment: payment.Payment{ID: id, Status: payment.StatusCreated}})
			_, _ = s.Due(ctx, time.Now(), 10)
		}()
	}
	wg.Wait()
	due, _ := s.Due(ctx, time.Now(), 0)
	if len(due) != 50 {
		t.Errorf("Due = %d, want 50", len(due))
	}
	if _, err := s.Load(ctx, "nope"); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("Load unknown = %v", err)
	}
}

func TestReturnHandler(t *testing.T) {
	ctx := context.Background()
	prov := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.Manual()})
	c := payment.NewClient(prov, nil)
	var got []payment.Status
	pol := payment.NewPoller(c, nil, &payment.PollerOptions{OnChange: func(ctx context.Context, ch payment.Change) {
		got = append(got, ch.Payment.Status)
	}})
	pay, _ := c.Create(ctx, drivertest.Params("ret-1"))
	_ = pol.Track(ctx, pay)
	h := payment.ReturnHandler(pol, nil)
	_ = prov.Pay(pay.ID)
	tests := []struct {
		url    string
		status int
		body   string
	}{
		{"/return?requestId=ret-1&status=CANCELED", 200, "Paid"}, // the status parameter is ignored
		{"/return?requestId=unknown-1", 404, ""},
		{"/return", 400, ""},
		{"/return?requestId=bad%20id", 400, ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.url, nil))
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) {
			t.Errorf("GET %s = %d %q, want %d containing %q", tt.url, rec.Code, rec.Body.String(), tt.status, tt.body)
		}
	}
	if len(got) != 1 || got[0] != payment.StatusPaid {
		t.Errorf("changes = %v, want [Paid]", got)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/return?requestId=ret-1", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE = %d", rec.Code)
	}
}
