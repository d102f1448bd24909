package pindown

import (
	"context"
	"fmt"
	"net/http"
)

// Share changes a pin's sharing flags; flags left nil keep their value. A
// public pin can be seen by anyone at the result's URL.
// Scope: pins:share. Bucket: write.
func (s *PinsService) Share(ctx context.Context, id string, settings *ShareSettings, opts ...RequestOption) (*ShareResult, error) {
	path, err := pinPath(id)
	if err == nil && (settings == nil || *settings == ShareSettings{}) {
		err = fmt.Errorf("%w: ShareSettings: no flag is set, nothing would change", ErrInvalidRequest)
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
	if res.URL == "" && res.IsPublic {
		res.URL = "https://pindown.ai/share/pin/" + res.ID
	}
	return res, nil
}
