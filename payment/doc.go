// Package payment is the portable client for paying fees through the
// state payment platforms: one API over every provider, so an online
// service (a dog licence, a parking permit) charges its fee the same way
// whichever operator — ePayBL, pmPayment, ePay21 or another behind the
// XBezahldienste standard — the Land runs.
//
// A *Client wraps a driver.Provider (package xbezahldienste for the real
// platforms, package paymenttest for tests). The Client does everything
// every provider needs once: it checks arguments, fills in the request id
// (the idempotency key), cleans the Verwendungszweck (CleanPurpose),
// checks the sums of the line items before anything is sent, retries
// transient failures with back-off — Create only with the same request id,
// so a retry never creates a second payment — wraps errors into
// *ozg.Error and logs. Optional capabilities (Cancel, Refund) are found by
// type assertion on the provider; without them the calls fail with code
// ozg.Unimplemented.
//
// Money is decimal.Decimal in EUR with at most two fraction digits. Every
// provider's states map onto one state machine (see driver.Status):
// Created → Pending → Paid | Failed | Canceled | Expired, Paid → Refunded
// (reserved); the provider's own status is kept in ProviderStatus.
//
// XBezahldienste has no notifications, so a Poller polls open payments
// with back-off until they reach a terminal state, expires those that stay
// open too long and reports each change to a callback; it keeps its state
// in a Store (MemoryStore by default; the interface is small enough for a
// SQL table). ReturnHandler serves the RedirectURL: when the citizen comes
// back from the payment page it fetches the status from the provider and
// never trusts query parameters.
//
// # Errors
//
// Every method returns *ozg.Error with an Op such as "payment.Create":
// test with errors.Is(err, ozg.ErrNotFound) or ozg.CodeOf(err). Create
// fails with InvalidArgument wrapping a *ValidationError that lists every
// violated rule (field, rule id, message) — findings are data. The codes:
// InvalidArgument (bad request), NotFound (unknown payment), AlreadyExists
// (request id reused for a different payment), FailedPrecondition (e.g.
// canceling a paid payment, an illegal state transition),
// Unauthenticated/PermissionDenied (credentials), Unavailable (transient,
// already retried), DeadlineExceeded/Canceled (context; for Create the
// outcome is unknown: call Create again with the same request id),
// Unimplemented (capability missing). CleanPurpose returns a *PurposeError
// wrapping ErrPurposeCharset or ErrPurposeLength. Messages and logs carry
// ids and codes, never names, e-mail addresses, IBANs or tokens.
//
// # Testing
//
// Use paymenttest.New for an in-memory provider with behaviour doubles
// (AlwaysPays, AlwaysDeclines, UserCancels, NeverCompletes,
// FailsTransiently(n)), or the fake XBezahldienste server in
// xbezahldienste/xbezahldienstetest to test over real HTTP. Every provider
// passes drivertest.RunConformanceTests. The package's own tests are table
// tests of every validation rule, the purpose cleaning (with a fuzz test),
// the state machine, retries, the Poller with an injected clock and the
// ReturnHandler; benchmarks compare Create on the fake with validation
// alone.
package payment
