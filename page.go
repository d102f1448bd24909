package pindown

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"
)

// Page is a document: an ordered list of pins, top to bottom.
type Page struct {
	ID    string   // assigned by the server, such as "pg-abc123"
	Title string   // its title
	Tags  []string // free-form labels

	Pins []string // the ids of its pins in page order; never nil. A pin may appear more than once.

	IsPublic bool   // anyone with the link can see it (see PagesService.Publish)
	OwnerID  string // the user who owns it, when the response says

	// ShareableURL is where the page can be seen: by anyone when it is
	// published, by its owner and collaborators otherwise.
	ShareableURL string

	CreatedAt time.Time // zero when the response did not say
	UpdatedAt time.Time // zero when the response did not say
}

// pageURL is the address of the page id on pindown.ai (plural "pages").
func pageURL(id string) string { return "https://pindown.ai/share/pages/" + url.PathEscape(id) }

// wirePage is every form a page has had on the wire: title and tags in
// metadata (get, list) or at the root (the create answer); times at the root
// (epoch ms or RFC 3339) or, only when those are absent, in metadata.
type wirePage struct {
	ID           string        `json:"id"`
	Title        string        `json:"title"`
	Tags         []string      `json:"tags"`
	Metadata     *wirePageMeta `json:"metadata"`
	Pins         pinRefs       `json:"pins"`
	IsPublic     optBool       `json:"is_public"`
	OwnerID      string        `json:"owner_id"`
	ShareableURL string        `json:"shareable_url"`
	CreatedAt    timestamp     `json:"created_at"`
	UpdatedAt    timestamp     `json:"updated_at"`
}

type wirePageMeta struct {
	Title     string    `json:"title"`
	Tags      []string  `json:"tags"`
	CreatedAt timestamp `json:"created_at"`
	UpdatedAt timestamp `json:"updated_at"`
}

func (w *wirePage) hasID() error {
	if w.ID == "" {
		return fmt.Errorf("the response names no page id")
	}
	return nil
}

func (w *wirePage) page() Page {
	p := Page{
		ID: w.ID, Title: w.Title, Tags: w.Tags, Pins: w.Pins.ids(), IsPublic: w.IsPublic == isTrue,
		OwnerID: w.OwnerID, ShareableURL: w.ShareableURL,
		CreatedAt: time.Time(w.CreatedAt), UpdatedAt: time.Time(w.UpdatedAt),
	}
	if m := w.Metadata; m != nil {
		p.Title = first(m.Title, p.Title)
		if m.Tags != nil {
			p.Tags = m.Tags
		}
		// The root times are the newer form and win.
		if p.CreatedAt.IsZero() {
			p.CreatedAt = time.Time(m.CreatedAt)
		}
		if p.UpdatedAt.IsZero() {
			p.UpdatedAt = time.Time(m.UpdatedAt)
		}
	}
	if p.ShareableURL == "" && p.ID != "" {
		p.ShareableURL = pageURL(p.ID)
	}
	return p
}

// entry is a list entry's page; one without an id names none.
func (w *wirePage) entry() (*Page, bool) {
	p := w.page()
	return &p, p.ID != ""
}

// UnmarshalJSON decodes a page in any form the API has used.
func (p *Page) UnmarshalJSON(data []byte) error {
	var w wirePage
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*p = w.page()
	return nil
}
