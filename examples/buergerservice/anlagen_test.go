package main

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
)

// minimalPDF is a small, well-formed one-page PDF.
var minimalPDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

// postFile posts the form with one file in the attachment input of the
// Anlage id, as a browser sends a multipart/form-data form; the part's
// Content-Type is what the browser claims (the service sniffs instead).
func (b *browser) postFile(u string, form url.Values, id, filename, claimed string, content []byte) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if filename != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+anlageName(id)+`"; filename="`+filename+`"`)
		h.Set("Content-Type", claimed)
		w, err := mw.CreatePart(h)
		if err != nil {
			b.t.Fatal(err)
		}
		_, _ = w.Write(content)
	}
	if err := mw.Close(); err != nil {
		b.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, u, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	b.do(req)
}

// TestAnlageHTTP uploads the optional proof of liability insurance with
// the form: a file whose content is not of a type the definition accepts
// (whatever its name and claimed type) and a file over the size limit get
// a message at the field; a PDF is kept across a restart with -data, is
// part of the declaration, goes to the authority as an encrypted
// FIT-Connect attachment, and arrives there intact (the same SHA-512).
func TestAnlageHTTP(t *testing.T) {
	n := strconv.Itoa(len(minimalPDF))
	dir := t.TempDir()
	svc, logs := startService(t, dir)
	base := svc.URL()
	b := newBrowser(t)
	b.login(base)
	b.expect("login", "/antrag", 200, `enctype="multipart/form-data"`, `id="a-haftpflicht" name="anlage-haftpflicht" type="file" accept="application/pdf,image/jpeg"`,
		"Nachweis der Hundehaftpflichtversicherung", "PDF oder JPEG, höchstens 5,0 MB (freiwillig)")

	// Text named and claimed as PDF: Runner.Fill refuses the sniffed type.
	b.postFile(base+"/antrag", validForm(b.csrf()), "haftpflicht", "nachweis.pdf", "application/pdf", []byte("kein PDF, nur Text"))
	b.expect("wrong type", "/antrag", 422, "Bitte korrigieren Sie eine Angabe",
		`<p class="fehler" id="a-haftpflicht-fehler">Die Datei „nachweis.pdf“ ist vom Typ text/plain. Bitte laden Sie eine Datei vom Typ PDF oder JPEG hoch.</p>`,
		`aria-invalid="true" aria-describedby="a-haftpflicht-fehler"`, `value="Bello"`)
	if !strings.Contains(logs.String(), "attachment refused by the definition") {
		t.Error("the refusal is not Runner.Fill's")
	}
	// Over the size limit: a message at the field.
	big := append(bytes.Clone(minimalPDF), bytes.Repeat([]byte{' '}, maxAnlage)...)
	b.postFile(base+"/antrag", validForm(b.csrf()), "haftpflicht", "gross.pdf", "application/pdf", big)
	b.expect("too large", "/antrag", 422, `<p class="fehler" id="a-haftpflicht-fehler">Die Datei ist größer als 5,0 MB.</p>`)
	// Far over the limit of the whole form: refused as a whole.
	b.postFile(base+"/antrag", validForm(b.csrf()), "haftpflicht", "riesig.pdf", "application/pdf", bytes.Repeat(minimalPDF, maxFormBody/len(minimalPDF)+1))
	if b.code != http.StatusRequestEntityTooLarge {
		t.Errorf("a form over %d bytes: %d", maxFormBody, b.code)
	}
	b.get(base + "/antrag")
	if a := sessionAntrag(t, svc, b); len(a.Attachments) != 0 {
		t.Fatalf("refused files recorded: %+v", a.Attachments)
	}

	// A PDF, claimed as octet-stream by the browser: sniffed as PDF.
	b.postFile(base+"/antrag", validForm(b.csrf()), "haftpflicht", `C:\Dokumente\haftpflicht.pdf`, "application/octet-stream", minimalPDF)
	b.expect("review", "/pruefen", 200, `<td id="anlage-haftpflicht">haftpflicht.pdf (PDF, `+n+` Bytes)</td>`)
	a := sessionAntrag(t, svc, b)
	sum := sha512.Sum512(minimalPDF)
	want := hex.EncodeToString(sum[:])
	if len(a.Attachments) != 1 || a.Attachments[0].SHA512 != want || a.Attachments[0].MimeType != "application/pdf" || a.Attachments[0].Size != int64(len(minimalPDF)) {
		t.Fatalf("recorded attachment: %+v", a.Attachments)
	}

	// A restart with the same directory keeps the file.
	svc.Close()
	svc, logs = startService(t, dir)
	u2, _ := url.Parse(svc.URL())
	old, _ := url.Parse(base)
	for _, c := range b.c.Jar.Cookies(old) {
		b.c.Jar.SetCookies(u2, []*http.Cookie{c})
	}
	base = svc.URL()
	b.get(base + "/antrag")
	b.expect("after restart", "/antrag", 200, `id="a-haftpflicht-datei">Hochgeladen: <strong>haftpflicht.pdf</strong> (PDF, `+n+` Bytes)`)
	// Posting the form again without a file keeps it.
	b.postFile(base+"/antrag", validForm(b.csrf()), "haftpflicht", "", "", nil)
	b.expect("review again", "/pruefen", 200, `<td id="anlage-haftpflicht">haftpflicht.pdf`)

	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
	b.expect("pay page", "/bezahlen", 200)
	a = sessionAntrag(t, svc, b)
	if !strings.Contains(a.Declaration.Text, "haftpflicht.pdf (application/pdf, "+n+" Bytes, SHA-512 "+want+")") {
		t.Errorf("the declaration lacks the attachment:\n%s", a.Declaration.Text)
	}
	b.post(base+"/bezahlen", url.Values{"csrf": {b.csrf()}})
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.expect("paid", "/absenden", 200, `id="zahlung-ok"`)
	b.post(base+"/absenden", url.Values{"csrf": {b.csrf()}})
	b.awaitStatus(base, `data-state="decided"`)
	b.expect("decision", "/status", 200, "Folgende Anlagen sind eingegangen und wurden geprüft:\n- haftpflicht.pdf (PDF, "+n+" Bytes, SHA-512 "+want[:16]+"…)")

	// The authority received it at its destination, decrypted, with the
	// hash the metadata carries, and filed it.
	a = sessionAntrag(t, svc, b)
	e, err := svc.outbox.Get(t.Context(), onlinedienst.SubmissionKey(a.ID))
	if err != nil || e == nil {
		t.Fatalf("outbox entry: %v", err)
	}
	var ak akte
	if err := svc.kv.get(kindAkte, e.Ref.SubmissionID, &ak); err != nil {
		t.Fatalf("the authority's file: %v", err)
	}
	if ak.AntragID != a.ID || ak.DestinationID != svc.ziel || len(ak.Anlagen) != 1 {
		t.Fatalf("the authority's file: %+v", ak)
	}
	got := ak.Anlagen[0]
	gs := sha512.Sum512(got.Data)
	if !bytes.Equal(got.Data, minimalPDF) || hex.EncodeToString(gs[:]) != want || got.SHA512 != want || got.Filename != "haftpflicht.pdf" ||
		got.MIMEType != "application/pdf" || got.Size != int64(len(minimalPDF)) || got.ID != a.Attachments[0].ID {
		t.Errorf("received attachment: %+v", got)
	}
	if !strings.Contains(logs.String(), "attachment received, decrypted, hash verified") {
		t.Error("the authority did not log the attachment")
	}
	// At the Zustelldienst the attachment is ciphertext for the office's key.
	es, err := svc.sender.Submission(t.Context(), e.Ref.SubmissionID)
	if err != nil || len(es.Attachments) != 1 || es.Attachments[0] != a.Attachments[0].ID {
		t.Fatalf("submission at the Zustelldienst: %+v, %v", es, err)
	}
}

// FuzzDateiname: whatever name a browser sends, the kept name is a base
// name of valid UTF-8, at most 255 bytes, without control characters or
// path separators, and never empty.
func FuzzDateiname(f *testing.F) {
	for _, s := range []string{"nachweis.pdf", `C:\Dokumente\haftpflicht.pdf`, "../../etc/passwd", "", ".", "..", "a/..", "/", "a\x00b\nc.pdf",
		"\xff\xfe.pdf", strings.Repeat("ä", 300) + ".pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n := dateiname(in)
		if n == "" || n == "." || n == ".." || len(n) > 255 || !utf8.ValidString(n) || strings.ContainsAny(n, `/\`) {
			t.Fatalf("dateiname(%q) = %q", in, n)
		}
		for _, r := range n {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("dateiname(%q) = %q has a control character", in, n)
			}
		}
	})
}
