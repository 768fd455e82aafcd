package messagingtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
)

// NeverFetched simulates a recipient that never picks up: the service
// rejects the submission 14 days after it was submitted.
func ExampleNeverFetched() {
	ctx := context.Background()
	clock := messagingtest.NewClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	c := messaging.NewClient(messagingtest.NeverFetched(clock.Now), nil)
	ref, _ := c.Send(ctx, &messaging.Submission{DestinationID: "d",
		Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:99400048079000"}}, nil)

	st, _ := c.Status(ctx, ref)
	fmt.Println(st.State)
	clock.Advance(14 * 24 * time.Hour)
	st, _ = c.Status(ctx, ref)
	fmt.Println(st.State, st.Problems[0].Title)
	// Output:
	// submitted
	// rejected not accepted within 14 days
}
