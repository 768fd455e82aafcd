package sepa

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/boombuler/barcode/qr"
)

// QRQuietZone is the width in modules of the white border around the
// symbol (ISO/IEC 18004 requires four).
const QRQuietZone = 4

// PNG builds e's payload and renders it as a QR code at error-correction
// level M (EPC069-12 requires M) in byte mode, as a black-and-white PNG with
// moduleSize pixels per module (at least 1) and a four-module quiet zone.
func (e *EPC) PNG(moduleSize int) ([]byte, error) {
	p, err := e.Payload()
	if err != nil {
		return nil, err
	}
	return QRCodePNG(p, moduleSize)
}

// QRCodePNG renders payload as a QR code at error-correction level M in
// byte mode; see (*EPC).PNG.
func QRCodePNG(payload []byte, moduleSize int) ([]byte, error) {
	img, err := QRCodeImage(payload, moduleSize)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("sepa: encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// QRCodeImage renders payload as a QR code image (level M, byte mode, quiet
// zone) with moduleSize pixels per module.
func QRCodeImage(payload []byte, moduleSize int) (*image.Paletted, error) {
	if moduleSize < 1 {
		return nil, fmt.Errorf("sepa: module size %d, want at least 1", moduleSize)
	}
	code, err := qr.Encode(string(payload), qr.M, qr.Unicode)
	if err != nil {
		return nil, fmt.Errorf("sepa: encode QR code: %w", err)
	}
	n := code.Bounds().Dx()
	side := (n + 2*QRQuietZone) * moduleSize
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if r, _, _, _ := code.At(x, y).RGBA(); r != 0 {
				continue // white module
			}
			x0 := (x + QRQuietZone) * moduleSize
			y0 := (y + QRQuietZone) * moduleSize
			for dy := 0; dy < moduleSize; dy++ {
				row := img.Pix[(y0+dy)*img.Stride+x0:]
				for dx := 0; dx < moduleSize; dx++ {
					row[dx] = 1
				}
			}
		}
	}
	return img, nil
}
