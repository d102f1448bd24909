package pindown

import (
	"context"
	"fmt"
	"net/http"
)

// ShareSettings changes a pin's sharing flags; nil fields keep their value.
type ShareSettings struct {
	IsPublic      *bool `json:"is_public,omitempty"`       // anyone with the link can see it
	AllowEdit     *bool `json:"allow_edit,omitempty"`      // people it is shared with may edit it
	RequireSignIn *bool `json:"require_sign_in,omitempty"` // viewers must sign in
	AllowComments *bool `json:"allow_comments,omitempty"`  // viewers may comment
}

// ShareResult is a pin's sharing state after Share.
type ShareResult struct {
	ID            string `json:"id"`
	IsPublic      bool   `json:"is_public"`
	AllowEdit     bool   `json:"allow_edit"`
	RequireSignIn bool   `json:"require_sign_in"`
	AllowComments bool   `json:"allow_comments"`
	URL           string `json:"shareable_url"` // where the pin can be seen; by anyone when it is public
}

// Share changes a pin's sharing flags; flags left nil keep their value. A
// public pin can be seen by anyone at the result's URL.
// Scope: pins:share. Bucket: write.
func (s *PinsService) Share(ctx context.Context, id string, settings *ShareSettings, opts ...RequestOption) (*ShareResult, error) {
	path, err := pinPath(id)
	if err == nil && (settings == nil || *settings == ShareSettings{}) {
		err = invalidf("ShareSettings", "no flag is set, nothing would change")
	}
	if err != nil {
		return nil, fmt.Errorf("pindown: share: %w", err)
	}
	res := new(ShareResult)
	if err := s.client.do(ctx, opShare, http.MethodPost, path+"/share", settings, res, opts); err != nil {
		return nil, err
	}
	if res.ID == "" {
		res.ID = id
	}
	if res.URL == "" {
		res.URL = pinURL(res.ID)
	}
	return res, nil
}
