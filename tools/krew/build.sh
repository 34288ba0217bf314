#!/usr/bin/env bash
# Builds krew (sigs.k8s.io/krew/cmd/krew, pinned by go.mod here) into the test tools cache next to
# the control plane, once: ~/.cache/kubectl-win/krew/<version>/bin/kubectl-krew. Prints the bin dir
# last. The release e2e installs our archive with it (kubectl krew install --manifest --archive).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(sed -n 's/^require sigs\.k8s\.io\/krew \(v[^ ]*\)$/\1/p' "$here/go.mod")"
[ -n "$version" ] || { echo "error: tools/krew/go.mod pins no sigs.k8s.io/krew version" >&2; exit 2; }
cache="${KUBECTL_WIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-win}/krew/$version"
bin="$cache/bin"
mkdir -p "$bin"
log() { printf '[krew-build] %s\n' "$*" >&2; }

if [ -x "$bin/kubectl-krew" ]; then log "kubectl-krew $version: cached"; echo "$bin"; exit 0; fi

# One build at a time: a second test run waits for the first, then finds the binary cached.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.build.lock"
  if ! flock -n 9; then
    log "another build of krew is running; waiting for it"
    flock 9
  fi
  if [ -x "$bin/kubectl-krew" ]; then echo "$bin"; exit 0; fi
fi

command -v go >/dev/null 2>&1 || { echo "error: Go is required to build krew (https://go.dev/dl); none found on PATH" >&2; exit 2; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
t0=$SECONDS
log "building sigs.k8s.io/krew/cmd/krew@$version (first time only)"
# krew stamps its version through these variables (krew's hack/make-binary.sh).
ldflags="-s -w -X sigs.k8s.io/krew/internal/version.gitTag=$version"
(cd "$here" && nice -n 10 go build -p "$(nproc)" -trimpath -ldflags "$ldflags" -o "$bin/kubectl-krew.tmp" sigs.k8s.io/krew/cmd/krew)
mv "$bin/kubectl-krew.tmp" "$bin/kubectl-krew"
log "kubectl-krew: built in $((SECONDS - t0))s"
echo "$bin"
