//go:build tools

// Istio's programs that scripts/cluster.sh builds from this module: istiod, its agent (pilot-agent, which runs Envoy
// as a pod's sidecar or gateway and sets up its traffic capture) and istioctl. The blank imports keep go.sum complete
// for them, and building them in one module shares one build cache.
package tools

import (
	_ "istio.io/istio/istioctl/cmd/istioctl"
	_ "istio.io/istio/pilot/cmd/pilot-agent"
	_ "istio.io/istio/pilot/cmd/pilot-discovery"
)
