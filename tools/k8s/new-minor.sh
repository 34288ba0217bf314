#!/usr/bin/env bash
# Writes tools/k8s/minors/<version>/{go.mod,go.sum,tools.go}: the Go module that builds the test
# control plane (kube-apiserver, etcd, kube-controller-manager, kube-scheduler, kubectl) at one
# Kubernetes release. k8s.io/kubernetes replaces its staging modules
# with ./staging paths that a dependent module cannot use, so each one listed in that release's own
# go.mod is replaced here by its published v0.N.x, as ../go.mod does for the default version.
# Usage: tools/k8s/new-minor.sh v1.37.2
set -euo pipefail
version="${1:?usage: new-minor.sh vX.Y.Z}"
[[ "$version" =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || { echo "error: version must look like v1.37.2, got $version" >&2; exit 2; }
staging="v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
here="$(cd "$(dirname "$0")" && pwd)"
dir="$here/minors/$version"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
kmod="$(GOFLAGS= go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
[ -f "$kmod" ] || { echo "error: cannot download k8s.io/kubernetes@$version" >&2; exit 1; }
gover="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$kmod")"
etcd="$(sed -n 's/^[[:space:]]*go.etcd.io\/etcd\/server\/v3 \(v[^ ]*\).*$/\1/p' "$kmod")"
mkdir -p "$dir"
{
  echo "module example.invalid/kubectl-win-test-binaries-${version//./-}"
  echo
  echo "go $gover"
  echo
  sed -n 's/^[[:space:]]*\(k8s\.io\/[a-z0-9-]*\) => \.\/staging\/src\/.*$/\1/p' "$kmod" | while read -r m; do
    echo "replace $m => $m $staging"
  done
  echo
  echo "require ("
  echo "	go.etcd.io/etcd/server/v3 $etcd"
  echo "	k8s.io/kubernetes $version"
  echo ")"
} > "$dir/go.mod"
cat > "$dir/tools.go" <<'GO'
//go:build tools

// Package tools pins the commands of the test control plane at this release, so go.sum covers them:
// the differential suites need only the apiserver and its etcd, a full control plane all five.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
(cd "$dir" && go mod tidy >&2)
echo "$dir"
