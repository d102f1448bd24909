package pindowntest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/pindownai/client-go/pindowntest"
)

// Example starts a server, mints a key, and creates and reads back a pin over
// plain HTTP.
func Example() {
	srv := pindowntest.NewServer()
	defer srv.Close()
	key := srv.NewKey()

	do := func(method, url, body string) []byte {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		fmt.Println(method, resp.StatusCode)
		return raw
	}

	var created struct{ Data struct{ ID string } }
	_ = json.Unmarshal(do("POST", srv.URL+"/pins",
		`{"pin_type":"stat-cards","pin_config":{"cards":[{"title":"Users","value":"1,234","trend":"up"}]},"metadata":{"title":"Live metrics"}}`),
		&created)

	var got struct {
		Data struct {
			Title    string
			Metadata struct {
				PinType   string          `json:"pin_type"`
				PinConfig json.RawMessage `json:"pin_config"`
			}
		}
	}
	_ = json.Unmarshal(do("GET", srv.URL+"/pins/"+created.Data.ID, ""), &got)
	fmt.Println(got.Data.Title, got.Data.Metadata.PinType, string(got.Data.Metadata.PinConfig))
	// Output:
	// POST 201
	// GET 200
	// Live metrics stat-cards {"cards":[{"title":"Users","value":"1,234","trend":"up"}]}
}
