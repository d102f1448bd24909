package pindowntest_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestConformanceConfigs sends every shared pin config case: valid ones are
// created (201) and read back unchanged, invalid ones get 400 with the case's
// code and a message naming its error path. Each case is sent at the root and
// inside metadata.
func TestConformanceConfigs(t *testing.T) {
	cases := conformanceCases(t)
	srv := newServer(t, unlimited)
	key := srv.NewKey()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			bodies := map[string]map[string]any{
				"root":     {"pin_type": tc.PinType, "pin_config": tc.PinConfig, "metadata": map[string]any{"title": tc.Name}},
				"metadata": {"metadata": map[string]any{"title": tc.Name, "pin_type": tc.PinType, "pin_config": tc.PinConfig}},
			}
			for where, body := range bodies {
				a := call(t, "POST", srv.URL+"/pins", key, body)
				if tc.Valid {
					a.want(t, 201, "")
					var d struct{ ID string }
					a.decode(t, &d)
					var p struct {
						Metadata struct {
							PinType   string          `json:"pin_type"`
							PinConfig json.RawMessage `json:"pin_config"`
						} `json:"metadata"`
					}
					call(t, "GET", srv.URL+"/pins/"+d.ID, key, nil).want(t, 200, "").decode(t, &p)
					if p.Metadata.PinType != tc.PinType {
						t.Errorf("%s: pin_type %q, want %q", where, p.Metadata.PinType, tc.PinType)
					}
					if diff := cmp.Diff(asJSON(t, tc.PinConfig), asJSON(t, p.Metadata.PinConfig)); diff != "" {
						t.Errorf("%s: pin_config read back (-sent +got):\n%s", where, diff)
					}
					continue
				}
				code := tc.Code
				if code == "" {
					code = "PIN_CONFIG_INVALID"
				}
				a.want(t, 400, code)
				if !strings.Contains(a.Error.Message, tc.ErrorPath) {
					t.Errorf("%s: message %q does not name %q", where, a.Error.Message, tc.ErrorPath)
				}
			}
		})
	}
}
