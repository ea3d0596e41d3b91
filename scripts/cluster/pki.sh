# shellcheck shell=bash
# Sourced by scripts/cluster.sh: the cluster's certificates and the kubeconfig of its one user.


# One CA signs everything: the API server's and istiod's serving certificates (so the CA is also the webhooks'
# caBundle) and the client certificate every component and the user's kubectl use (O=system:masters: this is a
# throwaway single-user cluster, not a model of how to share one).
make_pki() {
  mkdir -p "$PKI"
  export SANS=DNS:localhost # the config below reads it for every command, leaf sets it per certificate
  cat >"$PKI/openssl.cnf" <<'CNF'
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = $ENV::SANS
CNF
  openssl genrsa -out "$PKI/ca.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=weather-forecast-cluster-ca" -days 365 \
    -config "$PKI/openssl.cnf" -extensions ca -out "$PKI/ca.crt"
  local k=DNS:kubernetes
  leaf apiserver "/CN=kube-apiserver" \
    "IP:127.0.0.1,IP:$KUBERNETES_SERVICE_IP,DNS:localhost,$k,$k.default,$k.default.svc,$k.default.svc.cluster.local"
  leaf admin "/O=system:masters/CN=admin" "DNS:admin"
  leaf istiod "/CN=istiod" "IP:127.0.0.1,DNS:localhost,DNS:istiod.istio-system.svc"
  # the key pair that signs and verifies service-account tokens
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
}

leaf() { # NAME SUBJECT SANS
  openssl genrsa -out "$PKI/$1.key" 2048 2>/dev/null
  openssl req -new -key "$PKI/$1.key" -subj "$2" -config "$PKI/openssl.cnf" -out "$PKI/$1.csr"
  SANS=$3 openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -days 365 \
    -extfile "$PKI/openssl.cnf" -extensions leaf -out "$PKI/$1.crt" 2>/dev/null
}

write_kubeconfig() {
  cat >"$KUBECONFIG_FILE" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: weather-forecast
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(base64 -w0 <"$PKI/admin.crt")
    client-key-data: $(base64 -w0 <"$PKI/admin.key")
contexts:
- name: weather-forecast
  context:
    cluster: weather-forecast
    user: admin
current-context: weather-forecast
KUBECONFIG
  chmod 600 "$KUBECONFIG_FILE"
}
