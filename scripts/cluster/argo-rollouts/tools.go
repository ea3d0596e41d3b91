//go:build tools

// The Argo Rollouts controller and its kubectl plugin, built by scripts/cluster.sh from this module; the blank imports
// keep go.sum complete for them.
package tools

import (
	_ "github.com/argoproj/argo-rollouts/cmd/kubectl-argo-rollouts"
	_ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
)
