package fitconnect_test

import (
	"context"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/drivertest"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
)

type harness struct {
	srv   *fitconnecttest.Server
	clock *messagingtest.Clock
	v2    bool
}

func (h *harness) MakeDriver(context.Context) (driver.Driver, error) {
	o := h.srv.SubscriberOptions()
	if h.v2 {
		o.Environment.APIVersion = "v2"
		o.Environment.DestinationURL = h.srv.URL
	}
	c, err := fitconnect.New(o)
	if err != nil {
		return nil, err
	}
	return c.Driver(), nil
}
func (h *harness) DestinationID() string { return fitconnecttest.DefaultDestination }
func (h *harness) Service() driver.Service {
	return driver.Service{Name: "Testleistung", Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa}
}
func (h *harness) SchemaURI() string { return fitconnecttest.DefaultSchemaURI }
func (h *harness) UnknownRef() driver.Ref {
	return driver.Ref{DestinationID: fitconnecttest.DefaultDestination,
		SubmissionID: "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", CaseID: "1e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"}
}
func (h *harness) Close()                  { h.srv.Close() }
func (h *harness) Advance(d time.Duration) { h.clock.Advance(d) }

func harnessMaker(v2 bool) drivertest.HarnessMaker {
	return func(context.Context, *testing.T) (drivertest.Harness, error) {
		clock := &messagingtest.Clock{}
		srv, err := fitconnecttest.NewServer(&fitconnecttest.Options{Now: clock.Now})
		if err != nil {
			return nil, err
		}
		return &harness{srv: srv, clock: clock, v2: v2}, nil
	}
}

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, harnessMaker(false))
}

func TestConformanceV2(t *testing.T) {
	drivertest.RunConformanceTests(t, harnessMaker(true))
}
