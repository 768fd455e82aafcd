// Package antragtest has the test doubles and conformance suites of package
// ozg/antrag: Router, an in-memory antrag.Router, and TestRouter and
// TestStore, which every Router and Store implementation passes (the
// in-memory ones here and in antrag, the FIT-Connect routing adapter of
// ozg/antrag/fitconnectrouter, a future database Store).
//
// # Errors
//
// Router.Route returns *ozg.Error values with the codes the antrag.Router
// contract names: InvalidArgument, NotFound, Canceled.
//
// # Testing
//
// antragtest_test runs both suites against the in-memory implementations;
// an adapter's test calls TestRouter(t, harness) with a harness that seeds
// its backend with the given responsibilities.
package antragtest
