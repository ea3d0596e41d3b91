//go:build tools

// The Argo Rollouts controller, built by scripts/cluster.sh from this module; the blank import keeps go.sum complete
// for it.
package tools

import _ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
