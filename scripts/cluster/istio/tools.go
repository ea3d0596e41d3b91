//go:build tools

// istiod, built by scripts/cluster.sh from this module; the blank import keeps go.sum complete for it.
package tools

import _ "istio.io/istio/pilot/cmd/pilot-discovery"
