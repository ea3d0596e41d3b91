//go:build tools

// The Prometheus server, built from this module; the blank import keeps go.sum complete for it.
package tools

import _ "github.com/prometheus/prometheus/cmd/prometheus"
