package ozg

import "testing"

// TestRegionDataLayout checks the embedded directory against the layout
// constants generated with it.
func TestRegionDataLayout(t *testing.T) {
	if len(regionData) != regionDataLen {
		t.Fatalf("regionData has %d bytes, want %d", len(regionData), regionDataLen)
	}
	if regionRecsOff != 8*regionCount || regionAGSOff != regionRecsOff+regionRecSize*regionCount || regionTextOff != regionAGSOff+8*regionAGSCount {
		t.Errorf("section offsets %d %d %d do not fit %d regions, %d Gemeinden", regionRecsOff, regionAGSOff, regionTextOff, regionCount, regionAGSCount)
	}
	if regionData[len(regionData)-1] != '\n' {
		t.Error("text section does not end in a newline")
	}
	for i := 1; i < regionAGSCount; i++ {
		if le32(regionData, regionAGSOff+8*(i-1)) >= le32(regionData, regionAGSOff+8*i) {
			t.Fatalf("AGS index not ascending at %d", i)
		}
	}
}
