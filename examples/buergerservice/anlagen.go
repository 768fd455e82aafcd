package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
)

// The attachments the definition asks for (its anlagen, e.g. the optional
// proof of dog liability insurance) are uploaded with the form as files
// (multipart/form-data), one file input per Anlage. The example sniffs
// each file's media type from its content (http.DetectContentType: the
// name and the browser's claim are not trusted) and leaves the check
// against the definition's accepted types, and whether the attachment is
// required, to Runner.Fill; its AttachmentError is shown at the field.
// The content is kept in the store (kind anlage, one document per
// attachment, so it survives a restart with -data) until the application
// is submitted: onlinedienst.MessagingSender reads it back through
// anlageInhalt, checks it against the size and SHA-512 the declaration
// covers, and the messaging client encrypts it as a FIT-Connect attachment
// whose hash goes into the metadata.

const (
	kindAnlage = "anlage"
	// maxAnlage is the largest file accepted for one attachment.
	maxAnlage = 5 << 20
	// maxFormBody is the largest form post: beyond it the request is
	// refused as a whole (413); between maxAnlage and it, the field says
	// the file is too large.
	maxFormBody = 16 << 20
	// anlageMemory is how much of a multipart form is held in memory; the
	// rest goes to temporary files the HTTP server removes.
	anlageMemory = 1 << 20
)

// anlageDatei is a stored attachment: its description (with size and
// SHA-512, what the declaration and the metadata carry), the definition's
// Anlage it answers, and the content.
type anlageDatei struct {
	AntragID   string            `json:"antragId"`
	Anlage     string            `json:"anlage"` // the definition's Anlage ID
	Attachment antrag.Attachment `json:"attachment"`
	Data       []byte            `json:"data"`
}

// anlageFeld is an attachment input of the form page.
type anlageFeld struct {
	onlinedienst.Anlage
	Name    string             // form field name: anlage-<ID>
	HTMLID  string             // element id
	Accept  string             // the accept attribute: the definition's media types
	Erlaubt string             // the accepted types for people: "PDF oder JPEG"
	Datei   *antrag.Attachment // the file uploaded before, if any
	Errors  []string
}

func anlageName(id string) string { return "anlage-" + id }

// typName names a media type for people.
func typName(t string) string {
	switch t {
	case "application/pdf":
		return "PDF"
	case "image/jpeg":
		return "JPEG"
	case "image/png":
		return "PNG"
	}
	return t
}

// erlaubt lists the accepted media types for people.
func erlaubt(types []string) string {
	var names []string
	for _, t := range types {
		names = append(names, typName(t))
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " oder " + names[len(names)-1]
}

// groesse formats a file size for people: 1,2 MB, 34 KB, 512 Bytes.
func groesse(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%d Bytes", n)
}

// gespeicherteAnlagen returns the stored attachments of an application
// by the definition's Anlage ID.
func (s *Service) gespeicherteAnlagen(a *antrag.Antrag) (map[string]anlageDatei, error) {
	out := map[string]anlageDatei{}
	for _, att := range a.Attachments {
		var d anlageDatei
		if err := s.kv.get(kindAnlage, att.ID, &d); err != nil {
			return nil, fmt.Errorf("attachment %s: %w", att.ID, err)
		}
		if d.AntragID != a.ID {
			return nil, ozg.Errorf(ozg.FailedPrecondition, "buergerservice.anlagen", "attachment %s belongs to another application", att.ID)
		}
		out[d.Anlage] = d
	}
	return out, nil
}

// anlagenFelder builds the attachment inputs of the form page with the
// files uploaded before and the errors per Anlage ID.
func (s *Service) anlagenFelder(a *antrag.Antrag, fehler map[string]string) []anlageFeld {
	stored, err := s.gespeicherteAnlagen(a)
	if err != nil {
		s.log.Warn("reading the attachments failed", "antrag", a.ID, "err", err)
	}
	var out []anlageFeld
	for _, an := range s.dienst.Definition.Anlagen {
		f := anlageFeld{Anlage: an, Name: anlageName(an.ID), HTMLID: "a-" + an.ID,
			Accept: strings.Join(an.MIMETypes, ","), Erlaubt: erlaubt(an.MIMETypes)}
		if d, ok := stored[an.ID]; ok {
			att := d.Attachment
			f.Datei = &att
		}
		if e, ok := fehler[an.ID]; ok {
			f.Errors = []string{e}
		}
		out = append(out, f)
	}
	return out
}

// upload is a file the applicant sent with the form.
type upload struct {
	anlage string
	datei  anlageDatei
}

// leseAnlagen reads the attachment inputs of a form post: the new files
// (type sniffed from the content, hashed), and the attachments for
// Runner.Fill by Anlage ID — a new file replaces the one uploaded before,
// "entfernen" drops it, otherwise it stays. Files that cannot be taken at
// all (too large, empty, unreadable) give an error per Anlage ID.
func (s *Service) leseAnlagen(r *http.Request, a *antrag.Antrag) (map[string]antrag.Attachment, []upload, map[string]string) {
	fehler := map[string]string{}
	anlagen := map[string]antrag.Attachment{}
	stored, err := s.gespeicherteAnlagen(a)
	if err != nil {
		s.log.Warn("reading the attachments failed", "antrag", a.ID, "err", err)
	}
	var neu []upload
	for _, an := range s.dienst.Definition.Anlagen {
		name := anlageName(an.ID)
		file, hdr, err := r.FormFile(name)
		switch {
		case errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart):
			if d, ok := stored[an.ID]; ok && r.PostFormValue(name+"-entfernen") != "ja" {
				anlagen[an.ID] = d.Attachment
			}
			continue
		case err != nil:
			fehler[an.ID] = "Die Datei konnte nicht gelesen werden."
			continue
		}
		content, err := readFile(file, hdr)
		file.Close()
		switch {
		case errors.Is(err, errZuGross):
			fehler[an.ID] = "Die Datei ist größer als " + groesse(maxAnlage) + "."
			continue
		case err != nil:
			fehler[an.ID] = "Die Datei konnte nicht gelesen werden."
			continue
		case len(content) == 0:
			fehler[an.ID] = "Die Datei ist leer."
			continue
		}
		mt, _, err := mime.ParseMediaType(http.DetectContentType(content))
		if err != nil {
			mt = "application/octet-stream"
		}
		att := antrag.NewAttachment(randomUUID(), dateiname(hdr.Filename), mt, "attachment", content)
		anlagen[an.ID] = att
		neu = append(neu, upload{anlage: an.ID, datei: anlageDatei{AntragID: a.ID, Anlage: an.ID, Attachment: att, Data: content}})
	}
	return anlagen, neu, fehler
}

var errZuGross = errors.New("file too large")

// randomUUID is a version 4 UUID: FIT-Connect attachment IDs are UUIDs.
func randomUUID() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

func readFile(f multipart.File, hdr *multipart.FileHeader) ([]byte, error) {
	if hdr.Size > maxAnlage {
		return nil, errZuGross
	}
	b, err := io.ReadAll(io.LimitReader(f, maxAnlage+1))
	if err == nil && len(b) > maxAnlage {
		err = errZuGross
	}
	return b, err
}

// dateiname keeps the base name of an uploaded file, as valid UTF-8 of at
// most 255 bytes without control characters (it goes into the metadata).
func dateiname(n string) string {
	n = filepath.Base(strings.ReplaceAll(n, `\`, "/"))
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, strings.ToValidUTF8(n, ""))
	for len(n) > 255 {
		_, size := utf8.DecodeLastRuneInString(n)
		n = n[:len(n)-size]
	}
	if n == "" || n == "." || n == ".." || n == "/" {
		n = "anlage"
	}
	return n
}

// anlageFehler turns Runner.Fill's attachment error into the message at
// the field; ok is false for other errors.
func (s *Service) anlageFehler(err error, anlagen map[string]antrag.Attachment) (id, msg string, ok bool) {
	var ae *onlinedienst.AttachmentError
	if !errors.As(err, &ae) {
		return "", "", false
	}
	var types []string
	titel := ae.Anlage
	for _, an := range s.dienst.Definition.Anlagen {
		if an.ID == ae.Anlage {
			types, titel = an.MIMETypes, an.Titel
		}
	}
	switch {
	case strings.HasPrefix(ae.Reason, "media type"):
		return ae.Anlage, fmt.Sprintf("Die Datei „%s“ ist vom Typ %s. Bitte laden Sie eine Datei vom Typ %s hoch.",
			anlagen[ae.Anlage].Filename, typName(anlagen[ae.Anlage].MimeType), erlaubt(types)), true
	case ae.Reason == "required":
		return ae.Anlage, "Bitte laden Sie den " + titel + " hoch.", true
	}
	return ae.Anlage, "Diese Anlage wird nicht angenommen.", true
}

// speichereAnlagen stores new uploads before Runner.Fill records them.
func (s *Service) speichereAnlagen(neu []upload) error {
	for _, u := range neu {
		if err := s.kv.put(kindAnlage, u.datei.Attachment.ID, u.datei); err != nil {
			return err
		}
	}
	return nil
}

// aufraeumen removes the stored attachments of before that the
// application no longer has (replaced or removed), and new uploads that
// were not recorded.
func (s *Service) aufraeumen(before []antrag.Attachment, neu []upload, a *antrag.Antrag) {
	keep := map[string]bool{}
	if a != nil {
		for _, att := range a.Attachments {
			keep[att.ID] = true
		}
	}
	var ids []string
	for _, att := range before {
		ids = append(ids, att.ID)
	}
	for _, u := range neu {
		ids = append(ids, u.datei.Attachment.ID)
	}
	for _, id := range ids {
		if !keep[id] {
			if err := s.kv.del(kindAnlage, id); err != nil {
				s.log.Warn("removing an attachment failed", "attachment", id, "err", err)
			}
		}
	}
}

// anlageInhalt is onlinedienst.MessagingSender's Content: the stored bytes
// of an application's attachment (MessagingSender checks them against the
// declared size and SHA-512).
func (s *Service) anlageInhalt(_ context.Context, antragID string, att antrag.Attachment) (io.Reader, error) {
	var d anlageDatei
	if err := s.kv.get(kindAnlage, att.ID, &d); err != nil {
		return nil, err
	}
	if d.AntragID != antragID {
		return nil, ozg.Errorf(ozg.FailedPrecondition, "buergerservice.anlageInhalt", "attachment %s belongs to another application", att.ID)
	}
	return bytes.NewReader(d.Data), nil
}
