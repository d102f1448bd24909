// Package pindown is a typed client for the Pindown v1 Pins API.
package pindown
