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
	// ID extracts which payment the citizen comes back from, e.g. from a
	// path segment of the RedirectURL you gave Create. It is only a key:
	// the status is always fetched from the provider. nil means the query
	// parameter "id".
	ID func(r *http.Request) (string, error)

	// Poller, if set, restricts the handler to tracked payments (others
	// get 404, so the handler cannot be used to probe the provider) and
	// records the fetched state there, which reports changes to OnChange.
	Poller *Poller

	// Done answers the citizen once the status is known (or err is not
	// nil): render a page or redirect. nil writes a short plain-text page.
	Done func(w http.ResponseWriter, r *http.Request, p *Payment, err error)

	// Logger; nil discards.
	Logger *slog.Logger
}

// ReturnHandler returns the http.Handler for the RedirectURL: when the
// citizen comes back from the payment page, it fetches the payment's status
// from the provider through c — never trusting status query parameters,
// which anyone can forge — and hands the result to opts.Done.
func ReturnHandler(c *Client, opts *ReturnOptions) http.Handler {
	var o ReturnOptions
	if opts != nil {
		o = *opts
	}
	if o.ID == nil {
		o.ID = func(r *http.Request) (string, error) {
			id := r.URL.Query().Get("id")
			if id == "" {
				return "", errors.New("missing id")
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
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD, POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ctx := r.Context()
		id, err := o.ID(r)
		if err != nil || !ValidRequestID(id) {
			o.Done(w, r, nil, ozg.Errorf(ozg.InvalidArgument, "payment.ReturnHandler", "no valid payment id in the request"))
			return
		}
		if o.Poller != nil {
			if _, err := o.Poller.Store().Load(ctx, id); err != nil {
				o.Done(w, r, nil, &ozg.Error{Code: ozg.CodeOf(err), Op: "payment.ReturnHandler", Err: err})
				return
			}
		}
		p, err := c.Get(ctx, id)
		if err != nil {
			o.Logger.LogAttrs(ctx, slog.LevelWarn, "payment: return: status fetch failed", slog.String("id", id), slog.String("code", ozg.CodeOf(err).String()))
			o.Done(w, r, nil, err)
			return
		}
		if o.Poller != nil {
			if err := o.Poller.Update(ctx, p); err != nil {
				o.Logger.LogAttrs(ctx, slog.LevelWarn, "payment: return: update failed", slog.String("id", id), slog.String("code", ozg.CodeOf(err).String()))
			}
		}
		o.Logger.LogAttrs(ctx, slog.LevelInfo, "payment: citizen returned", slog.String("id", id), slog.String("status", string(p.Status)))
		o.Done(w, r, p, nil)
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
