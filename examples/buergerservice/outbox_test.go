package main

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
)

// failingReader fails after its content, like a crash during an upload.
type failingReader struct{ r io.Reader }

func (f failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("disk gone")
	}
	return n, err
}

// TestOutboxStoreFiles: a send interrupted after the announce is resumed
// by a new process (a new kv on the same directory) with the same
// application ID, and delivered exactly once.
func TestOutboxStoreFiles(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	d := messagingtest.New(nil)
	sub := func(body io.Reader) *messaging.Submission {
		return &messaging.Submission{DestinationID: "dest", Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:99102013104000"},
			Data: []byte(`{}`), DataMIMEType: "application/json", SchemaURI: "urn:test",
			Attachments: []messaging.Attachment{{Filename: "a.txt", MIMEType: "text/plain", Body: body}},
			Details:     messaging.Details{Reference: &messaging.ReferenceInfo{SenderReference: "antrag-1"}}}
	}
	opts := &messaging.SendOptions{IdempotencyKey: "3f2c6a1e-9b7d-4c5e-8a1f-2b3c4d5e6f70"}

	kv1, err := newKV(dir)
	if err != nil {
		t.Fatal(err)
	}
	if e, err := (outboxStore{kv1}).Get(ctx, "unknown"); e != nil || err != nil {
		t.Fatalf("Get(unknown): %v, %v; want nil, nil", e, err)
	}
	c1 := messaging.NewClient(d, &messaging.ClientOptions{Store: outboxStore{kv1}})
	if _, err := c1.Send(ctx, sub(failingReader{strings.NewReader("x")}), opts); err == nil {
		t.Fatal("Send with a failing attachment succeeded")
	}

	kv2, err := newKV(dir) // the restarted process
	if err != nil {
		t.Fatal(err)
	}
	c2 := messaging.NewClient(d, &messaging.ClientOptions{Store: outboxStore{kv2}})
	pending, err := c2.Pending(ctx)
	if err != nil || len(pending) != 1 || pending[0].Stage != messaging.StageAnnounced || pending[0].Key != opts.IdempotencyKey {
		t.Fatalf("Pending after restart: %+v, %v; want the announced entry", pending, err)
	}
	for i := range 2 {
		ref, err := c2.Send(ctx, sub(strings.NewReader("x")), opts)
		if err != nil {
			t.Fatalf("Send %d after restart: %v", i, err)
		}
		if ref != pending[0].Ref {
			t.Fatalf("Send %d after restart: ref %+v, want the announced %+v", i, ref, pending[0].Ref)
		}
	}
	if pending, _ := c2.Pending(ctx); len(pending) != 0 {
		t.Errorf("Pending after delivery: %d entries, want none", len(pending))
	}
	page, err := c2.List(ctx, "dest", 0, 10)
	if err != nil || page.Total != 1 {
		t.Fatalf("List: %+v, %v; want exactly one submission", page, err)
	}
	r, err := c2.Receive(ctx, page.Refs[0].SubmissionID)
	if err != nil || r.Reference == nil || r.Reference.SenderReference != "antrag-1" {
		t.Fatalf("Receive: %+v, %v", r, err)
	}
}
