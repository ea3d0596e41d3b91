# shellcheck shell=bash
# Sourced by scripts/cluster.sh: up (a fresh cluster, each component waited for before the next one that needs it)
# and down (every process stopped by its PID, in reverse order).


up() {
  local nodes=2 ambient=false rollouts=false data_plane=false kwok_stages=$KWOK_BIN/stages.yaml kwok_cidr=$POD_CIDR
  while [ $# -gt 0 ]; do
    case $1 in
    --nodes) nodes=${2:?--nodes needs a number}; shift 2 ;;
    --nodes=*) nodes=${1#--nodes=}; shift ;;
    --ambient) ambient=true; shift ;;
    --rollouts) rollouts=true; shift ;;
    --data-plane) data_plane=true; shift ;;
    *) die "up: unknown option $1" ;;
    esac
  done
  [[ $nodes =~ ^[1-9][0-9]*$ ]] || die "up: --nodes needs a positive number, not '$nodes'"
  check_built
  local name port
  for name in $COMPONENTS; do
    running "$name" && die "already up ($name runs with PID $(pid_of "$name")): scripts/cluster.sh down first"
  done
  $data_plane && ALL_PORTS+=" $GATEWAY_HTTP_PORT $GATEWAY_HTTPS_PORT $PROMETHEUS_PORT"
  for port in $ALL_PORTS; do
    port_free "$port" || die "port $port on 127.0.0.1 is in use; the cluster needs the ports $(echo $ALL_PORTS)"
  done

  local start=$SECONDS
  # A failed up stops what it started (the logs stay), so that the next up finds the ports free
  trap 'rc=$?; if [ $rc -ne 0 ]; then log "up failed: stopping what started"; down; fi' EXIT
  # Every up is a fresh cluster, like `kind create cluster`: the state of an earlier one is thrown away.
  rm -rf "$DIR"
  mkdir -p "$PKI" "$LOGS" "$PIDS" "$DIR/istiod"
  echo "$offset" >"$DIR/port-offset"
  mkdir -p "$DIR/bin"
  ln -sfn "$(tool xds-dump)" "$DIR/bin/xds-dump"
  make_pki
  write_kubeconfig
  if $data_plane; then
    "$(tool data-plane)" kwok-stages --namespaces "$DATA_PLANE_NAMESPACES" <"$KWOK_BIN/stages.yaml" \
      >"$DIR/kwok-stages.yaml"
    kwok_stages=$DIR/kwok-stages.yaml kwok_cidr=$KWOK_POD_CIDR
  fi

  # etcd without fsync: the data is thrown away at the next up anyway
  start etcd "$ETCD_BIN/etcd" --name local --data-dir "$DIR/etcd-data" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" --log-level warn
  wait_until "etcd" 30 healthy etcd "http://127.0.0.1:$ETCD_PORT/health"
  since $start "etcd ready"

  # --endpoint-reconciler-type=none: the default reconciler refuses to advertise a loopback address for the
  # kubernetes Service. PodSecurity, ServiceAccount and the webhook admission plugins are on by default.
  start kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --authorization-mode RBAC \
    --enable-admission-plugins PodSecurity,ServiceAccount,MutatingAdmissionWebhook,ValidatingAdmissionWebhook \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --endpoint-reconciler-type none \
    --allow-privileged=true
  wait_until "kube-apiserver" 60 healthy kube-apiserver "https://127.0.0.1:$APISERVER_PORT/readyz"
  since $start "kube-apiserver ready"

  # No --authentication-kubeconfig/--authorization-kubeconfig: without --requestheader-client-ca-file on the API
  # server they only log "missing content for CA bundle" forever; /healthz is allowed without them.
  start kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false --controllers '*' \
    --use-service-account-credentials=false \
    --root-ca-file "$PKI/ca.crt" --service-account-private-key-file "$PKI/sa.key" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT"
  start kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig "$KUBECONFIG_FILE" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT"
  # KWOK plays the kubelet of the nodes annotated kwok.x-k8s.io/node=fake, with the stages from its module.
  # --cidr: see POD_CIDR. --node-ip 127.0.0.1: kubectl logs/exec/port-forward are refused at once (nothing
  # listens on the kubelet port 10250) instead of waiting for a timeout.
  start kwok "$KWOK_BIN/kwok" \
    --kubeconfig "$KUBECONFIG_FILE" --config "$kwok_stages" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr "$kwok_cidr" --node-ip 127.0.0.1 --server-address "127.0.0.1:$KWOK_PORT"
  wait_until "kube-controller-manager" 60 healthy kube-controller-manager "https://127.0.0.1:$KCM_PORT/healthz"
  wait_until "kube-scheduler" 60 healthy kube-scheduler "https://127.0.0.1:$SCHEDULER_PORT/healthz"
  wait_until "kwok" 60 healthy kwok "http://127.0.0.1:$KWOK_PORT/healthz"
  since $start "kube-controller-manager, kube-scheduler, kwok ready"

  fake_nodes "$nodes" | kubectl apply -f - >/dev/null
  kubectl wait --for=condition=Ready node --all --timeout=60s >/dev/null
  # Pods can be created once the ServiceAccount controller has made the namespaces' default ServiceAccounts
  wait_until "the default ServiceAccount" 60 quietly kubectl get serviceaccount default -n default
  since $start "$nodes node(s) Ready, ServiceAccounts made"

  # Istio's CRDs; server-side, because some are too large for the last-applied annotation of a client-side apply
  kubectl apply --server-side -f "$ISTIO_BIN/crd-all.gen.yaml" >/dev/null
  # The Gateway API's CRDs (standard channel) before istiod starts, as Istio's install guide has them: istiod then
  # serves Gateway API routes (PILOT_ENABLE_GATEWAY_API, on by default) and deploys a Deployment and a Service for
  # every Gateway of the classes istio and istio-waypoint
  kubectl apply --server-side -f "$GATEWAY_API_DIR/standard-install.yaml" >/dev/null
  kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
  kubectl create namespace istio-system >/dev/null
  kubectl apply -n istio-system -f "$ISTIO_BIN/configmaps.yaml" >/dev/null
  since $start "Istio's and the Gateway API's CRDs, istio-system and its ConfigMaps created"

  # istiod out of cluster: every listener on 127.0.0.1, the serving certificate of our CA (so the CA is the
  # webhooks' caBundle), the cluster through the kubeconfig; it runs in target/cluster/istiod so that anything it
  # writes relative to its working directory stays there.
  # --ambient: istiod with ambient mode on (PILOT_ENABLE_AMBIENT, what the ambient profile sets), so that it serves
  # waypoints; no ztunnel and no istio-cni run here, so the pods of an ambient namespace stay without any proxy.
  echo "$ambient" >"$DIR/ambient"
  # --data-plane: istiod with what upstream Envoy lacks switched off (scripts/cluster/data-plane.sh)
  # shellcheck disable=SC2086
  (cd "$DIR/istiod" && { ! $data_plane || export $DATA_PLANE_ISTIOD_ENV; } &&
    POD_NAMESPACE=istio-system POD_NAME=istiod-local REVISION=default \
    PILOT_ENABLE_AMBIENT=$ambient \
    start istiod "$ISTIO_BIN/pilot-discovery" discovery \
    --kubeconfig "$KUBECONFIG_FILE" --domain cluster.local \
    --httpAddr "127.0.0.1:$ISTIOD_HTTP_PORT" --httpsAddr "127.0.0.1:$ISTIOD_WEBHOOK_PORT" \
    --grpcAddr "127.0.0.1:$ISTIOD_GRPC_PORT" --secureGRPCAddr "127.0.0.1:$ISTIOD_SECURE_GRPC_PORT" \
    --monitoringAddr "127.0.0.1:$ISTIOD_MONITORING_PORT" \
    --ctrlz_address 127.0.0.1 --ctrlz_port "$ISTIOD_CTRLZ_PORT" \
    --tlsCertFile "$PKI/istiod.crt" --tlsKeyFile "$PKI/istiod.key" --caCertFile "$PKI/ca.crt")
  wait_until "istiod" 90 healthy istiod "http://127.0.0.1:$ISTIOD_HTTP_PORT/ready"
  since $start "istiod ready"

  webhooks | kubectl apply -f - >/dev/null
  wait_until "istiod's injection webhook" 30 injection_probe
  wait_until "istiod's validation webhook" 30 validation_probe
  since $start "istiod's webhooks answer"
  if $data_plane; then
    data_plane_up
    since $start "the data plane's agent runs"
    prometheus_up
    since $start "Prometheus ready (http://127.0.0.1:$PROMETHEUS_PORT)"
  fi
  ingress_gateway | kubectl apply -f - >/dev/null
  kubectl wait --for=condition=Available deployment/istio-ingressgateway -n istio-system --timeout=60s >/dev/null

  # --rollouts: Argo Rollouts' CRDs and its controller, out of cluster like istiod, with the admin kubeconfig (no
  # RBAC of its own); it manages the Istio objects through networking.istio.io/v1
  if $rollouts; then
    kubectl apply --server-side -f "$ARGO_BIN/crds.yaml" >/dev/null
    kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
    (cd "$DIR" && start argo-rollouts "$ARGO_BIN/rollouts-controller" --kubeconfig "$KUBECONFIG_FILE" \
      --leader-elect=false --istio-api-version v1 \
      --healthzPort "$ARGO_HEALTHZ_PORT" --metricsPort "$ARGO_METRICS_PORT")
    wait_until "the Argo Rollouts controller" 60 healthy argo-rollouts "http://127.0.0.1:$ARGO_HEALTHZ_PORT/healthz"
    # its kubectl plugin on the PATH of scripts/cluster.sh env, where `kubectl argo rollouts` finds it
    ln -sfn "$ARGO_BIN/kubectl-argo-rollouts" "$DIR/bin/kubectl-argo-rollouts"
    since $start "Argo Rollouts $ARGO_ROLLOUTS_VERSION ready"
  fi

  trap - EXIT
  log "up in $((SECONDS - start)) s: $nodes fake node(s), istiod $ISTIO_BUILD_VERSION (ambient mode: $ambient)," \
    "Kubernetes $K8S_VERSION, Gateway API $GATEWAY_API_VERSION"
  log "use it with: eval \"\$(scripts/cluster.sh env)\"; stop it with: scripts/cluster.sh down"
}

down() {
  local start=$SECONDS
  # everything that talks to the API server first, then the API server, etcd last
  stop prometheus data-plane argo-rollouts istiod kwok kube-scheduler kube-controller-manager
  data_plane_cleanup
  stop kube-apiserver
  stop etcd
  log "down in $((SECONDS - start)) s; logs in $LOGS"
}
