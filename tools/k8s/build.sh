#!/usr/bin/env bash
# Builds the test control plane (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
# etcd, kwok) from Go modules into a cache outside the work tree, once. Prints the bin dir last.
# Facts behind this recipe: ../shared/reference/control-plane.md.
set -euo pipefail
K8S_VERSION="${K8S_VERSION:-v1.34.3}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
here="$(cd "$(dirname "$0")" && pwd)"
cache="${KUBECTL_WIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-win}/k8s/$K8S_VERSION"
bin="$cache/bin"
mkdir -p "$bin"
log() { printf '[k8s-build] %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  echo "error: Go is required to build the test control plane (https://go.dev/dl); none found on PATH" >&2
  exit 2
fi
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"

build() { # name package
  local name="$1" pkg="$2"
  if [ -x "$bin/$name" ]; then log "$name: cached"; return; fi
  local t0=$SECONDS
  log "$name: building $pkg (first time only; minutes)"
  (cd "$here" && go build -p "$(nproc)" -trimpath -ldflags "$ldflags" -o "$bin/$name.tmp" "$pkg")
  mv "$bin/$name.tmp" "$bin/$name"
  log "$name: built in $((SECONDS - t0))s"
}

build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build etcd go.etcd.io/etcd/server/v3
build kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
build kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler
build kubectl k8s.io/kubernetes/cmd/kubectl

if [ ! -x "$bin/kwok" ]; then
  t0=$SECONDS
  log "kwok: installing sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  (cd "$cache" && GOFLAGS= GOBIN="$bin" go install -trimpath "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION")
  log "kwok: built in $((SECONDS - t0))s"
fi
# kwok's stages are not compiled in; keep the ones we use next to the binary.
if [ ! -s "$cache/kwok-stages.yaml" ]; then
  src="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
  {
    for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      echo '---'; cat "$src/$f"
    done
  } > "$cache/kwok-stages.yaml.tmp"
  mv "$cache/kwok-stages.yaml.tmp" "$cache/kwok-stages.yaml"
fi
echo "$bin"
