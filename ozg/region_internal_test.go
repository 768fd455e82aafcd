package ozg

import "testing"

// TestRegionDataLayout checks the embedded directory against the layout
// constants generated with it.
func TestRegionDataLayout(t *testing.T) {
	if len(regionData) != regionDataLen {
		t.Fatalf("regionData has %d bytes, want %d", len(regionData), regionDataLen)
	}
	if regionRecsOff != 8*regionCount ||
		regionBucketsOff != regionRecsOff+regionRecSize*regionCount ||
		regionAGSOff != regionBucketsOff+2*(regionBuckets+1) ||
		regionAGSBucketsOff != regionAGSOff+8*regionAGSCount ||
		regionTextOff != regionAGSBucketsOff+2*(regionBuckets+1) {
		t.Errorf("section offsets %d %d %d %d %d do not fit %d regions, %d Gemeinden", regionRecsOff, regionBucketsOff, regionAGSOff, regionAGSBucketsOff, regionTextOff, regionCount, regionAGSCount)
	}
	// Every key lies in its bucket, and the buckets cover the directory.
	for i := range regionCount {
		lo, hi := bucketRange(regionBucketsOff, regionKey(i)>>3/pow10[7], regionCount)
		if i < lo || i >= hi {
			t.Fatalf("key %d outside its bucket [%d, %d)", i, lo, hi)
		}
	}
	if le16(regionData, regionBucketsOff) != 0 || le16(regionData, regionBucketsOff+2*regionBuckets) != regionCount {
		t.Error("bucket table does not span the directory")
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
