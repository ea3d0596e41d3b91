#!/usr/bin/env bash
# kubectl exec on the data plane of `scripts/cluster.sh up --data-plane`, whose KWOK nodes have no kubelet to exec in:
#
#   scripts/cluster/pod-exec.sh [-n NAMESPACE] POD|deploy/NAME [-c CONTAINER] [-i] [-t] -- COMMAND [ARG...]
#
# takes kubectl exec's arguments and runs COMMAND (the host's binary; in istio-proxy also the data plane's pilot-agent
# and envoy, as Istio's proxy image holds them) in the pod's network namespace, with the pod's /etc/hosts and
# /etc/resolv.conf, as the container's user (its securityContext over the pod's), with kubectl's
# "command terminated with exit code N" when it fails. Its traffic is the pod's own: the pod's iptables send it through
# the sidecar exactly as a process of that container, and never when the container is istio-proxy (UID 1337).
# deploy/NAME picks a Ready pod of the Deployment, as kubectl does; no CONTAINER: the pod's default container
# (kubectl.kubernetes.io/default-container, which injection sets) or its first. Needs root and the cluster's
# environment (eval "$(scripts/cluster.sh env)"), as the data plane does.
set -euo pipefail
cd "$(dirname "$0")/../.."

die() { echo "pod-exec.sh: $*" >&2; exit 1; }

namespace=default target='' container=''
while [ $# -gt 0 ]; do
  case $1 in
  -n | --namespace) namespace=${2:?$1 needs a value}; shift 2 ;;
  -n=* | --namespace=*) namespace=${1#*=}; shift ;;
  -c | --container) container=${2:?$1 needs a value}; shift 2 ;;
  -c=* | --container=*) container=${1#*=}; shift ;;
  -i | -t | -it | -ti | --stdin | --tty) shift ;;
  --) shift; break ;;
  -*) die "kubectl exec's option $1 is not supported here" ;;
  *) [ -z "$target" ] || die "one pod only ($target, $1)"; target=$1; shift ;;
  esac
done
[ -n "$target" ] && [ $# -gt 0 ] || die "usage: pod-exec.sh [-n NAMESPACE] POD|deploy/NAME [-c CONTAINER] -- COMMAND..."

ready_pods='{{range .items}}{{$pod := .metadata.name}}{{if not .metadata.deletionTimestamp}}{{range .status.conditions}}'
ready_pods+='{{if and (eq .type "Ready") (eq .status "True")}}{{$pod}}{{"\n"}}{{end}}{{end}}{{end}}{{end}}'
case $target in
deploy/* | deployment/* | deployments/* | deployment.apps/*)
  selector=$(kubectl get deployment "${target#*/}" -n "$namespace" \
    -o go-template='{{range $k, $v := .spec.selector.matchLabels}}{{$k}}={{$v}},{{end}}')
  pod=$(kubectl get pods -n "$namespace" -l "${selector%,}" -o go-template="$ready_pods" | head -1)
  [ -n "$pod" ] || die "no Ready pod of $target in $namespace"
  ;;
pod/* | pods/*) pod=${target#*/} ;;
*/*) die "$target: only a pod or deploy/NAME" ;;
*) pod=$target ;;
esac

if [ -z "$container" ]; then
  container=$(kubectl get pod "$pod" -n "$namespace" -o go-template='{{with .metadata.annotations}}{{index . "kubectl.kubernetes.io/default-container"}}{{end}}')
  [ -n "$container" ] && [ "$container" != '<no value>' ] ||
    container=$(kubectl get pod "$pod" -n "$namespace" -o go-template='{{(index .spec.containers 0).name}}')
fi
# the container's user and group: its securityContext over the pod's (init containers: the native sidecar)
set_ids='{{with .securityContext}}{{with .runAsUser}}{{$u = .}}{{end}}{{with .runAsGroup}}{{$g = .}}{{end}}{{end}}'
ids=$(kubectl get pod "$pod" -n "$namespace" -o go-template="{{\$u := \"\"}}{{\$g := \"\"}}{{with .spec}}
{{- with .securityContext}}{{with .runAsUser}}{{\$u = .}}{{end}}{{with .runAsGroup}}{{\$g = .}}{{end}}{{end}}
{{- range .initContainers}}{{if eq .name \"$container\"}}$set_ids{{end}}{{end}}
{{- range .containers}}{{if eq .name \"$container\"}}$set_ids{{end}}{{end}}{{end}}{{\$u}} {{\$g}}")
read -r uid gid <<<"$ids"
[ -n "${uid:-}" ] || die "pod $namespace/$pod, container $container: no runAsUser in its spec, so its user is unknown"
data_plane=$PWD/target/cluster/data-plane
netns=$(cat "$data_plane/netns-prefix")$namespace-$pod
ip netns list | grep -q "^$netns\b" || die "pod $namespace/$pod does not run on the data plane (no network namespace $netns)"

path=/usr/local/bin:/usr/bin:/bin
[ "$container" != istio-proxy ] || path=$data_plane/bin:$path
status=0
ip netns exec "$netns" setpriv --reuid="$uid" --regid="${gid:-$uid}" --clear-groups -- \
  env -i PATH="$path" HOME=/tmp HOSTNAME="$pod" "$@" || status=$?
[ "$status" -eq 0 ] || echo "command terminated with exit code $status" >&2
exit "$status"
