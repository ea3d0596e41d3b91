// Builds the Prometheus server (cmd/prometheus) of github.com/prometheus/prometheus v0.311.3 (Prometheus 3.11.3, the
// version whose PromQL parser scripts/cluster/promql uses) from the Go module proxy, for the real analysis of
// docs/rollouts.md. `go install ...@v0.311.3` is refused because its go.mod has replace directives; this module
// repeats them. Built with -tags remove_all_sd,enable_kubernetes_sd: service discovery for Kubernetes (and the file
// and HTTP discovery that are always in), none of the cloud providers'.
module weather-forecast/cluster/prometheus

go 1.26.0

require github.com/prometheus/prometheus v0.311.3

replace (
	cloud.google.com/go => cloud.google.com/go v0.123.0
	github.com/go-openapi/testify/v2 => github.com/go-openapi/testify/v2 v2.0.2
)
