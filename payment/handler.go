package payment

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// ReturnOptions configure ReturnHandler. A nil *ReturnOptions means the
// defaults.
type ReturnOptions struct {
	// RequestID extracts the request id of the payment the citizen comes
	// back from. The transaction id is not known when the RedirectURL is
	// built, so put your request id into it, e.g.
	// https://service.example/return?requestId=…. It is only a key: the
	// status is always fetched from the provider. nil means the query
	// parameter "requestId".
	RequestID func(r *http.Request) (string, error)

	// Done answers the citizen once the status is known (or err is not
	// nil): render a page or redirect. nil writes a short plain-text page.
	Done func(w http.ResponseWriter, r *http.Request, p *Payment, err error)

	// Logger; nil discards.
	Logger *slog.Logger
}

// ReturnHandler returns the http.Handler for the RedirectURL. When the
// citizen comes back from the payment page, it looks the request id up in
// the poller's Store (unknown ids get 404, so the handler cannot be used to
// probe the provider), fetches the payment's status from the provider —
// never trusting status query parameters, which anyone can forge — records
// it in the poller (which reports a change to OnChange) and hands the
// result to opts.Done.
func ReturnHandler(p *Poller, opts *ReturnOptions) http.Handler {
	var o ReturnOptions
	if opts != nil {
		o = *opts
	}
	if o.RequestID == nil {
		o.RequestID = func(r *http.Request) (string, error) {
			id := r.URL.Query().Get("requestId")
			if id == "" {
				return "", errors.New("missing requestId")
			}
			return id, nil
		}
	}
	if o.Done == nil {
		o.Done = defaultDone
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	const op = "payment.ReturnHandler"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ctx := r.Context()
		reqID, err := o.RequestID(r)
		if err != nil || !ValidRequestID(reqID) {
			o.Done(w, r, nil, ozg.Errorf(ozg.InvalidArgument, op, "no valid request id in the request"))
			return
		}
		rec, err := p.Store().LoadByRequestID(ctx, reqID)
		if err != nil {
			o.Done(w, r, nil, &ozg.Error{Code: ozg.CodeOf(err), Op: op, Err: err})
			return
		}
		pay, err := p.Client().Get(ctx, rec.Payment.ID)
		if err != nil {
			o.Logger.LogAttrs(ctx, slog.LevelWarn, "payment: return: status fetch failed", slog.String("id", rec.Payment.ID), slog.String("code", ozg.CodeOf(err).String()))
			o.Done(w, r, nil, err)
			return
		}
		if err := p.Update(ctx, pay); err != nil {
			o.Logger.LogAttrs(ctx, slog.LevelWarn, "payment: return: update failed", slog.String("id", pay.ID), slog.String("code", ozg.CodeOf(err).String()))
		}
		o.Logger.LogAttrs(ctx, slog.LevelInfo, "payment: citizen returned", slog.String("id", pay.ID), slog.String("status", string(pay.Status)))
		o.Done(w, r, pay, nil)
	})
}

func defaultDone(w http.ResponseWriter, r *http.Request, p *Payment, err error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err != nil {
		status := http.StatusBadGateway
		switch ozg.CodeOf(err) {
		case ozg.InvalidArgument:
			status = http.StatusBadRequest
		case ozg.NotFound:
			status = http.StatusNotFound
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	fmt.Fprintf(w, "payment %s: %s\n", p.ID, p.Status)
}
