package pindown

import "time"

// SetBackoff scales the exponential backoff of c for tests.
func SetBackoff(c *Client, min, max time.Duration) {
	c.backoffMin, c.backoffMax = min, max
}
