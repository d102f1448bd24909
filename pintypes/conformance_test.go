package pintypes_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/pindownai/client-go/pintypes"
)

// conformanceCase is one case of shared/conformance/configs.json.
type conformanceCase struct {
	Name      string          `json:"name"`
	PinType   pintypes.Type   `json:"pin_type"`
	PinConfig json.RawMessage `json:"pin_config"`
	Valid     bool            `json:"valid"`
	ErrorPath string          `json:"error_path"`
	Code      string          `json:"code"`
}

// loadConformance reads the shared conformance cases, which live beside the
// checkout (../shared from the module root), not in the repository.
func loadConformance(t *testing.T) []conformanceCase {
	t.Helper()
	path := filepath.Join("..", "..", "shared", "conformance", "configs.json")
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("the shared conformance cases are not beside the checkout (%s); skipping", path)
	}
	require.NoError(t, err)
	var file struct {
		Cases []conformanceCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(data, &file))
	require.NotEmpty(t, file.Cases)
	return file.Cases
}

// check is exactly what pindowntest does with a pin_type and pin_config.
func check(t pintypes.Type, raw json.RawMessage) (pintypes.Config, error) {
	cfg, err := pintypes.Decode(t, raw)
	if err == nil {
		err = cfg.Validate()
	}
	return cfg, err
}

// semantic decodes JSON with numbers as json.Number, for comparisons that
// ignore member order and white space.
func semantic(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v), "%s", data)
	return v
}

func TestConformance(t *testing.T) {
	for _, tc := range loadConformance(t) {
		t.Run(tc.Name, func(t *testing.T) {
			cfg, err := check(tc.PinType, tc.PinConfig)
			if tc.Valid {
				require.NoError(t, err)
				require.True(t, tc.PinType.Known())
				require.Equal(t, tc.PinType, cfg.PinType())
				got, err := json.Marshal(cfg)
				require.NoError(t, err)
				if diff := cmp.Diff(semantic(t, tc.PinConfig), semantic(t, got)); diff != "" {
					t.Errorf("re-encoded config differs (-original +encoded):\n%s", diff)
				}
				return
			}
			require.Error(t, err)
			require.ErrorIs(t, err, pintypes.ErrInvalidConfig)
			require.Contains(t, err.Error(), tc.ErrorPath)
			var ve *pintypes.ValidationError
			require.ErrorAs(t, err, &ve)
			var paths []string
			for _, fe := range ve.Errors {
				paths = append(paths, fe.Path)
			}
			require.Contains(t, paths, tc.ErrorPath, "error: %v", err)
			if tc.Code == "INVALID_PIN_TYPE" {
				require.False(t, tc.PinType.Known())
			} else {
				require.True(t, tc.PinType.Known())
			}
		})
	}
}
