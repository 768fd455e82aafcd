package fitconnect_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
)

func TestErrorCode(t *testing.T) {
	tests := []struct {
		err  error
		want ozg.Code
	}{
		{nil, ozg.OK},
		{fitconnect.ErrDecryption, ozg.InvalidArgument},
		{fmt.Errorf("x: %w", fitconnect.ErrHashMismatch), ozg.InvalidArgument},
		{&fitconnect.MetadataError{}, ozg.InvalidArgument},
		{fitconnect.ErrSETEvents, ozg.InvalidArgument},
		{fitconnect.ErrSignature, ozg.PermissionDenied},
		{fitconnect.ErrUntrustedKey, ozg.PermissionDenied},
		{fitconnect.ErrRouteUnsigned, ozg.PermissionDenied},
		{fitconnect.ErrCallbackStale, ozg.Unauthenticated},
		{&fitconnect.Problem{Status: 404}, ozg.NotFound},
		{fmt.Errorf("wrapped: %w", &fitconnect.Problem{Status: 503}), ozg.Unavailable},
		{context.DeadlineExceeded, ozg.DeadlineExceeded},
		{errors.New("other"), ozg.Unknown},
	}
	for _, tc := range tests {
		if got := fitconnect.ErrorCode(tc.err); got != tc.want {
			t.Errorf("ErrorCode(%v): got %v, want %v", tc.err, got, tc.want)
		}
	}
	p := &fitconnect.Problem{Type: "https://example.org/p", Title: "Conflict", Status: 409, Detail: "personal detail"}
	if got := p.Error(); got != "fitconnect: problem 409: Conflict (https://example.org/p)" {
		t.Errorf("Problem.Error: got %q", got)
	}
}

func TestNetworkErrorRetriedAndRedacted(t *testing.T) {
	dead := httptest.NewServer(nil)
	dead.Close()
	srv := newServer(t, nil)
	o := srv.SenderOptions()
	o.Environment.SubmissionURL = dead.URL
	o.Environment.RoutingURL = dead.URL
	c := newClient(t, o)
	_, err := c.ListSubmissions(context.Background(), 0, 10)
	if fitconnect.ErrorCode(err) != ozg.Unavailable {
		t.Fatalf("connection refused: got %v (code %v), want Unavailable", err, fitconnect.ErrorCode(err))
	}
	if strings.Contains(err.Error(), "limit=") {
		t.Errorf("error leaks the query: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.ListSubmissions(ctx, 0, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: got %v", err)
	}
}
