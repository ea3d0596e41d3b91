# shellcheck shell=bash
# Sourced by scripts/cluster.sh: what up applies besides the CRDs (fake nodes, istiod's webhooks, a stand-in ingress
# gateway), and the probes that tell when istiod's webhooks answer.


# N fake nodes for KWOK. No taint, so the project's manifests need no toleration; a real kubeletVersion, because
# istiod reads it to decide whether to inject a native sidecar (an init container with restartPolicy Always).
fake_nodes() {
  local i
  for i in $(seq 1 "$1"); do
    cat <<NODE
---
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    type: kwok
status:
  allocatable: {cpu: "32", memory: 128Gi, pods: "110"}
  capacity: {cpu: "32", memory: 128Gi, pods: "110"}
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    kubeletVersion: $K8S_VERSION
NODE
  done
}

# istiod's webhooks, registered by hand (istioctl install would render them from the chart): validation of every
# Istio API group, and sidecar injection for pods in namespaces labelled istio-injection=enabled, as the default
# revision's webhooks do. istiod runs outside the cluster, so they name a URL instead of a Service.
webhooks() {
  local ca
  ca=$(base64 -w0 <"$PKI/ca.crt")
  cat <<WEBHOOKS
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: istiod-local-validator
webhooks:
- name: rev.validation.istio.io
  clientConfig:
    url: https://127.0.0.1:$ISTIOD_WEBHOOK_PORT/validate
    caBundle: $ca
  rules:
  - apiGroups: [security.istio.io, networking.istio.io, telemetry.istio.io, extensions.istio.io]
    apiVersions: ["*"]
    operations: [CREATE, UPDATE]
    resources: ["*"]
  failurePolicy: Fail
  sideEffects: None
  admissionReviewVersions: [v1]
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istiod-local-sidecar-injector
webhooks:
- name: namespace.sidecar-injector.istio.io
  clientConfig:
    url: https://127.0.0.1:$ISTIOD_WEBHOOK_PORT/inject
    caBundle: $ca
  rules:
  - apiGroups: [""]
    apiVersions: [v1]
    operations: [CREATE]
    resources: [pods]
  namespaceSelector:
    matchLabels:
      istio-injection: enabled
  objectSelector:
    matchExpressions:
    - {key: sidecar.istio.io/inject, operator: NotIn, values: ["false"]}
  failurePolicy: Fail
  sideEffects: None
  reinvocationPolicy: Never
  admissionReviewVersions: [v1]
WEBHOOKS
}

# A stand-in for the ingress gateway: a Deployment and Service in istio-system with the labels of Istio's
# istio-ingressgateway, so that Gateways selecting istio=ingressgateway have a workload and istiod computes the
# gateway's configuration. Its image is never pulled and nothing listens: KWOK only marks the pod Running. It runs as
# the ServiceAccount of Istio's own install (its mTLS identity, which docs/security.md's AuthorizationPolicies name)
# and its Service has the ports 80 and 443 of that install (the HTTPS server of docs/security.md).
ingress_gateway() {
  cat <<'GATEWAY'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: istio-ingressgateway-service-account
  namespace: istio-system
  labels: {app: istio-ingressgateway, istio: ingressgateway}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-system
  labels: {app: istio-ingressgateway, istio: ingressgateway}
spec:
  replicas: 1
  selector:
    matchLabels: {app: istio-ingressgateway, istio: ingressgateway}
  template:
    metadata:
      labels: {app: istio-ingressgateway, istio: ingressgateway}
      annotations: {sidecar.istio.io/inject: "false"}
    spec:
      serviceAccountName: istio-ingressgateway-service-account
      containers:
      - name: istio-proxy
        image: stand-in/not-run:never-pulled
        ports:
        - {containerPort: 8080, name: http2}
        - {containerPort: 8443, name: https}
---
apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
  labels: {app: istio-ingressgateway, istio: ingressgateway}
spec:
  selector: {app: istio-ingressgateway, istio: ingressgateway}
  ports:
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
GATEWAY
}

# An AdmissionReview for a pod, sent straight to istiod's /inject: answers with a JSON patch when injection works
injection_probe() {
  curl -sf --max-time 5 --cacert "$PKI/ca.crt" -H 'Content-Type: application/json' \
    "https://127.0.0.1:$ISTIOD_WEBHOOK_PORT/inject" -d '{
      "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
      "request": {"uid": "probe", "kind": {"group": "", "version": "v1", "kind": "Pod"},
        "resource": {"group": "", "version": "v1", "resource": "pods"}, "namespace": "default", "operation": "CREATE",
        "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probe", "namespace": "default"},
          "spec": {"containers": [{"name": "app", "image": "probe"}]}}}}' | grep -q '"patch"'
}

# An invalid VirtualService (a negative weight), created with a server-side dry run: refused by istiod's webhook
validation_probe() {
  local out
  out=$(kubectl create --dry-run=server -f - 2>&1 <<'VS' || true
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: validation-probe, namespace: default}
spec:
  hosts: [probe]
  http:
  - route:
    - destination: {host: probe}
      weight: -1
VS
)
  grep -q 'rev.validation.istio.io' <<<"$out"
}
