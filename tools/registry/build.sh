#!/usr/bin/env bash
# Builds the CNCF distribution registry (github.com/distribution/distribution/v3/cmd/registry) and
# crane (github.com/google/go-containerregistry/cmd/crane), both pinned by go.mod here, into the test
# tools cache next to the control plane, once: ~/.cache/kubectl-win/registry/<version>/bin/{registry,crane}
# where <version> names both pins. Prints the bin dir last. The e2e harness (harness/registry.ts)
# runs the registry on loopback over HTTPS and fills it with Windows manifest lists using crane.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pin() { sed -n "s#^[[:space:]]*$1 \(v[^ ]*\)\$#\1#p" "$here/go.mod" | head -1; }
distribution="$(pin github.com/distribution/distribution/v3)"
ggcr="$(pin github.com/google/go-containerregistry)"
[ -n "$distribution" ] && [ -n "$ggcr" ] || { echo "error: tools/registry/go.mod pins no distribution/go-containerregistry version" >&2; exit 2; }
cache="${KUBECTL_WIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-win}/registry/distribution-$distribution-crane-$ggcr"
bin="$cache/bin"
mkdir -p "$bin"
log() { printf '[registry-build] %s\n' "$*" >&2; }
built() { [ -x "$bin/registry" ] && [ -x "$bin/crane" ]; }

if built; then log "registry $distribution, crane $ggcr: cached"; echo "$bin"; exit 0; fi

# One build at a time: a second test run waits for the first, then finds the binaries cached.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.build.lock"
  if ! flock -n 9; then
    log "another build of the registry tools is running; waiting for it"
    flock 9
  fi
  if built; then echo "$bin"; exit 0; fi
fi

command -v go >/dev/null 2>&1 || { echo "error: Go is required to build the test registry and crane (https://go.dev/dl); none found on PATH" >&2; exit 2; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

build() { # name package ldflags: logs wall and CPU seconds (the cold-cache figure in docs/e2e.md)
  local name="$1" pkg="$2" ldflags="$3" TIMEFORMAT
  if [ -x "$bin/$name" ]; then log "$name: cached"; return; fi
  log "$name: building $pkg (first time only)"
  TIMEFORMAT="[registry-build] $name: built in %0R s (CPU %0U s user, %0S s system)"
  time (cd "$here" && nice -n 10 go build -p "$(nproc)" -trimpath -ldflags "$ldflags" -o "$bin/$name.tmp" "$pkg")
  mv "$bin/$name.tmp" "$bin/$name"
}

# Both stamp their version through these variables (distribution's Makefile, crane's .goreleaser.yml).
build registry github.com/distribution/distribution/v3/cmd/registry \
  "-s -w -X github.com/distribution/distribution/v3/version.version=$distribution -X github.com/distribution/distribution/v3/version.mainpkg=github.com/distribution/distribution/v3"
build crane github.com/google/go-containerregistry/cmd/crane \
  "-s -w -X github.com/google/go-containerregistry/cmd/crane/cmd.Version=$ggcr"
echo "$bin"
