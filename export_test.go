package pindown

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/pindownai/client-go/internal/jsonscan"
)

// SetBackoff scales the exponential backoff of c for tests.
func SetBackoff(c *Client, min, max time.Duration) {
	c.backoffMin, c.backoffMax = min, max
}

// FastDecodeAnswer reports whether the one-pass decoder takes body, the
// answer of a get or a create, and if it does, how its result differs from
// encoding/json's ("" when they are identical).
func FastDecodeAnswer(body []byte) (taken bool, diff string) {
	var env envelope
	var w wirePin
	if !fastAnswer(body, &env, &w) {
		return false, ""
	}
	var slow wirePin
	want := envelope{Data: &slow}
	if err := json.Unmarshal(body, &want); err != nil {
		return true, "encoding/json fails: " + err.Error()
	}
	if !reflect.DeepEqual(env.Success, want.Success) || !bytes.Equal(env.Error, want.Error) {
		return true, fmt.Sprintf("envelope %v %s, encoding/json %v %s", env.Success, env.Error, want.Success, want.Error)
	}
	return true, wireDiff(&w, &slow)
}

// FastDecodePin is FastDecodeAnswer for a pin alone, such as an item of a
// list.
func FastDecodePin(b []byte) (taken bool, diff string) {
	var w wirePin
	if s := (jsonscan.Scanner{Data: b}); !w.fastFrom(&s) || !s.End() {
		return false, ""
	}
	var slow wirePin
	if err := json.Unmarshal(b, &slow); err != nil {
		return true, "encoding/json fails: " + err.Error()
	}
	return true, wireDiff(&w, &slow)
}

func wireDiff(fast, slow *wirePin) string {
	if reflect.DeepEqual(fast, slow) {
		return ""
	}
	return fmt.Sprintf("one-pass %+v\nencoding/json %+v", *fast, *slow)
}
