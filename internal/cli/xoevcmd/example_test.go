package xoevcmd_test

import (
	"context"
	"fmt"
	"os"

	"github.com/ozg-baukasten/baukasten/internal/cli/xoevcmd"
)

func ExampleRun() {
	code := xoevcmd.Run(context.Background(), []string{"inspect", "../../../xoev/testdata/xwasser-1.0.0/examples/olb_report_minimal.xml"}, os.Stdout, os.Stderr)
	fmt.Println("exit", code)
	// Output:
	// standard:              XWasser
	// version:               1.0.0
	// message:               vorgang.transportieren.2010
	// namespace:             https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0
	// header form:           g2g
	// nachrichtentyp:        0010 [urn:xoev-de:xwasser:codeliste:nachrichtentyp 1]
	// nachrichtenUUID:       693c64d6-456f-4d14-abe7-fe9681c74aae
	// erstellungszeitpunkt:  2024-05-28T09:00:00
	// autor:                 gha:090 Author
	// leser:                 olb:09000000 Reader
	// test:                  yes (test="true")
	// produkt:               SHAPTH CLI H &amp; D GmbH / H &amp; D GmbH
	// exit 0
}
