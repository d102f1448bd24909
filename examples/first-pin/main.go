// First-pin is the smallest program that puts a pin on a Pindown dashboard.
// It reads the key from PINDOWN_API_KEY (and PINDOWN_BASE_URL when set). To
// try it without an account, run `go run ./cmd/pindown mock` in one
// terminal, paste the two export lines it prints into another, then
//
//	go run ./examples/first-pin
package main

import (
	"context"
	"fmt"
	"log"

	pindown "github.com/pindownai/client-go"
	"github.com/pindownai/client-go/pintypes"
)

func main() {
	c, err := pindown.NewClientFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	pin, err := c.Pins.CreateMarkdown(context.Background(), "Hello", pintypes.Markdown{Content: "# Hello from Go"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created", pin.ID, "at", pin.URL())
}
