package messagingtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/drivertest"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
)

type harness struct {
	clock *messagingtest.Clock
}

func (h *harness) MakeDriver(context.Context) (driver.Driver, error) {
	return messagingtest.New(&messagingtest.Options{Now: h.clock.Now, Destinations: []string{"dest-1"}}), nil
}
func (h *harness) DestinationID() string { return "dest-1" }
func (h *harness) Service() driver.Service {
	return driver.Service{Name: "Test", Identifier: "urn:de:fim:leika:leistung:99400048079000"}
}
func (h *harness) SchemaURI() string { return "urn:test:schema" }
func (h *harness) UnknownRef() driver.Ref {
	return driver.Ref{DestinationID: "dest-1", SubmissionID: "nope", CaseID: "nope"}
}
func (h *harness) Close()                  {}
func (h *harness) Advance(d time.Duration) { h.clock.Advance(d) }

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(context.Context, *testing.T) (drivertest.Harness, error) {
		return &harness{clock: &messagingtest.Clock{}}, nil
	})
}
