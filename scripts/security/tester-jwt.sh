#!/usr/bin/env bash
# Tokens for the gateway's "tester" area (docs/security.md, step 6), from a local issuer whose key pair is made here
# at run time and never committed:
#
#   scripts/security/tester-jwt.sh keys                  make the RSA key pair (once; kept in target/security/jwt)
#   scripts/security/tester-jwt.sh jwks                  print the public key as a JWKS
#   scripts/security/tester-jwt.sh request-authentication
#                                                        print istio/security/gateway-tester-jwt.yaml with that JWKS
#                                                        in place of the committed one (making the keys first if
#                                                        there are none): pipe it to kubectl apply -f -
#   scripts/security/tester-jwt.sh token [--groups G] [--expired] [--issuer I] [--ttl SECONDS]
#                                                        print a signed RS256 token (default: groups tester, 1 hour)
#
# JWT_DIR (default target/security/jwt) holds private.pem, public.pem and kid. Needs openssl.
set -euo pipefail
cd "$(dirname "$0")/../.."

ISSUER=https://issuer.weather.local
AUDIENCE=weather-gateway
POLICY=istio/security/gateway-tester-jwt.yaml
DIR=${JWT_DIR:-target/security/jwt}

. scripts/lib.sh

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

keys() {
  [ -f "$DIR/private.pem" ] && return
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/private.pem" 2>/dev/null)
  openssl pkey -in "$DIR/private.pem" -pubout -out "$DIR/public.pem"
  # the key id: the first 16 hex digits of the public key's SHA-256
  openssl pkey -pubin -in "$DIR/public.pem" -outform DER | openssl dgst -sha256 -r | cut -c1-16 >"$DIR/kid"
  echo "tester-jwt.sh: made a key pair in $DIR (key id $(cat "$DIR/kid"))" >&2
}

need_keys() { [ -f "$DIR/private.pem" ] || die "no keys in $DIR: run scripts/security/tester-jwt.sh keys first"; }

# The modulus and exponent of the public key, base64url without padding, as RFC 7518 wants them
jwks() {
  need_keys
  local modulus exponent
  modulus=$(openssl rsa -pubin -in "$DIR/public.pem" -noout -modulus 2>/dev/null | cut -d= -f2 | xxd -r -p | b64url)
  exponent=$(printf '%06x' 65537 | xxd -r -p | b64url)
  [ "$(openssl rsa -pubin -in "$DIR/public.pem" -noout -text 2>/dev/null | grep -c 'Exponent: 65537')" = 1 ] ||
    die "the key's exponent is not 65537"
  printf '{"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid":"%s","n":"%s","e":"%s"}]}\n' \
    "$(cat "$DIR/kid")" "$modulus" "$exponent"
}

request_authentication() {
  local keyset
  keys
  keyset=$(jwks)
  grep -q "^      jwks: '" "$POLICY" || die "$POLICY has no line \"      jwks: '...'\" to replace"
  awk -v jwks="$keyset" '/^      jwks: \x27/ { print "      jwks: \x27" jwks "\x27"; next } { print }' "$POLICY"
}

token() {
  need_keys
  local groups=tester ttl=3600 expired=false issuer=$ISSUER now header payload signature
  while [ $# -gt 0 ]; do
    case $1 in
      --groups) groups=$2; shift 2 ;;
      --ttl) ttl=$2; shift 2 ;;
      --expired) expired=true; shift ;;
      --issuer) issuer=$2; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  now=$(date +%s)
  local iat=$now exp=$((now + ttl))
  if [ "$expired" = true ]; then iat=$((now - 7200)); exp=$((now - 3600)); fi
  local groups_json=""
  if [ -n "$groups" ]; then groups_json=$(printf ',"groups":["%s"]' "$groups"); fi
  header=$(printf '{"alg":"RS256","typ":"JWT","kid":"%s"}' "$(cat "$DIR/kid")" | b64url)
  payload=$(printf '{"iss":"%s","sub":"tester@weather.local","aud":"%s","iat":%d,"exp":%d%s}' \
    "$issuer" "$AUDIENCE" "$iat" "$exp" "$groups_json" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$DIR/private.pem" -binary | b64url)
  printf '%s.%s.%s\n' "$header" "$payload" "$signature"
}

case "${1:-}" in
keys) keys ;;
jwks) jwks ;;
request-authentication) request_authentication ;;
token) shift; token "$@" ;;
*) die "usage: tester-jwt.sh keys | jwks | request-authentication | token [--groups G] [--expired] [--issuer I] [--ttl S]" ;;
esac
