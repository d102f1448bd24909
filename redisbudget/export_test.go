package redisbudget

import "time"

// WithProbeInterval sets how often a budget that fell back tries Redis
// again (a second otherwise): tests shorten it.
func WithProbeInterval(d time.Duration) Option {
	return func(c *config) { c.probe = d }
}
