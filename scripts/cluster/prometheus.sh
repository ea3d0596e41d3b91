# shellcheck shell=bash
# Sourced by scripts/cluster.sh: Prometheus on the data plane (up --data-plane), as Istio's Prometheus addon runs on a
# real cluster: the addon's ServiceAccount, RBAC and ConfigMap (samples/addons/prometheus.yaml of istiod's Istio
# version) applied to the cluster, and the server, built here, run with the ConfigMap's prometheus.yml in the node's
# network namespace, where the pods' addresses are. It finds the pods through the API server at the node's address
# (the agent's forward) as the addon's ServiceAccount. The host reaches it only at 127.0.0.1:$PROMETHEUS_PORT, which
# the agent forwards to the node network's 127.0.0.1:$PROMETHEUS_NODE_PORT.

PROMETHEUS_NODE_PORT=9090
# Every 5 s (and at most 5 s each) instead of the addon's 15 s, so that a canary's analysis window of 20 s holds four
# samples
PROMETHEUS_SCRAPE_INTERVAL=5s

# prometheus_addon KIND...: the documents of those kinds in the addon's file
prometheus_addon() {
  awk -v kinds=" $* " '
    function flush() { if (keep) printf "---\n%s", doc; doc = ""; keep = 0 }
    /^---$/ { flush(); next }
    { doc = doc $0 "\n" }
    /^kind: / && index(kinds, " " $2 " ") { keep = 1 }
    END { flush() }' "$ISTIO_BIN/prometheus-addon.yaml"
}

# prometheus_config: the ConfigMap's prometheus.yml, with each Kubernetes discovery pointed at the kubeconfig below
# (the addon's server runs in a pod and uses its ServiceAccount's files) and the scrape interval and timeout above
prometheus_config() {
  kubectl get configmap prometheus -n istio-system -o jsonpath='{.data.prometheus\.yml}' |
    sed -e "s|^\( *\)- role: \(.*\)$|&\n\1  kubeconfig_file: $DIR/prometheus/kubeconfig|" \
      -e "/^global:/,/^[^ ]/ s/^\( *scrape_\(interval\|timeout\)\): .*/\1: $PROMETHEUS_SCRAPE_INTERVAL/"
}

prometheus_up() {
  prometheus_addon ServiceAccount ConfigMap ClusterRole ClusterRoleBinding | kubectl apply -f - >/dev/null
  mkdir -p "$DIR/prometheus"
  kubectl create token prometheus -n istio-system --duration 24h >"$DIR/prometheus/token"
  cat >"$DIR/prometheus/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://$DATA_PLANE_NODE_IP:443
    tls-server-name: kubernetes.default.svc
    certificate-authority: $PKI/ca.crt
users:
- name: prometheus
  user:
    tokenFile: $DIR/prometheus/token
contexts:
- name: local
  context: {cluster: local, user: prometheus}
current-context: local
KUBECONFIG
  prometheus_config >"$DIR/prometheus/prometheus.yml"
  grep -q kubeconfig_file "$DIR/prometheus/prometheus.yml" ||
    die "the Prometheus addon's prometheus.yml has no Kubernetes discovery (- role: ...) any more"
  start prometheus ip netns exec "${DATA_PLANE_PREFIX}node" "$PROMETHEUS_BIN/prometheus" \
    --config.file "$DIR/prometheus/prometheus.yml" --storage.tsdb.path "$DIR/prometheus/data" \
    --web.listen-address "127.0.0.1:$PROMETHEUS_NODE_PORT"
  wait_until "Prometheus" 60 healthy prometheus "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
}
