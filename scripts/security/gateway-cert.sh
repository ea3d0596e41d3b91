#!/usr/bin/env bash
# The certificate of the gateway's HTTPS server (docs/security.md, step 4): a self-signed CA and a server certificate
# for HOST (default weather.local, plus localhost and 127.0.0.1), made at run time in target/security/tls (never
# committed), printed as the TLS Secret weather-gateway-cert in istio-system that istio/security/
# weather-gateway-https.yaml names:
#
#   scripts/security/gateway-cert.sh [HOST] | kubectl apply -f -
#   curl --cacert target/security/tls/ca.crt --resolve weather.local:443:127.0.0.1 https://weather.local/
#
# Existing keys in target/security/tls are kept; delete the folder for new ones. Needs openssl only (it prints the
# Secret as kubectl create secret tls --dry-run=client -o yaml would, without a cluster).
set -euo pipefail
cd "$(dirname "$0")/../.."

HOST=${1:-weather.local}
DIR=${TLS_DIR:-target/security/tls}
NAME=weather-gateway-cert
NAMESPACE=istio-system

if [ ! -f "$DIR/tls.key" ]; then
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  (
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/O=Weather Forecast workshop/CN=Weather workshop CA" \
      -keyout "$DIR/ca.key" -out "$DIR/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/O=Weather Forecast workshop/CN=$HOST" \
      -keyout "$DIR/tls.key" -out "$DIR/tls.csr" 2>/dev/null
    printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' "$HOST" >"$DIR/ext.cnf"
    openssl x509 -req -in "$DIR/tls.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial -days 30 \
      -extfile "$DIR/ext.cnf" -out "$DIR/tls.crt" 2>/dev/null
  )
  echo "gateway-cert.sh: made a CA and a certificate for $HOST in $DIR (valid 30 days)" >&2
fi
cat <<SECRET
apiVersion: v1
kind: Secret
metadata:
  name: $NAME
  namespace: $NAMESPACE
type: kubernetes.io/tls
data:
  tls.crt: $(openssl base64 -A <"$DIR/tls.crt")
  tls.key: $(openssl base64 -A <"$DIR/tls.key")
SECRET
