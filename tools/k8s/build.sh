#!/usr/bin/env bash
# Builds the test control plane (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
# etcd, kwok) from Go modules into a cache outside the work tree, once per version. Prints the bin
# dir last. Facts behind this recipe: ../shared/reference/control-plane.md.
# K8S_VERSION=v1.37.2 (any release with a module in minors/, made by new-minor.sh) builds only
# kube-apiserver and etcd unless K8S_PLANE=full: the differential suites at other minors need nothing
# else, a full control plane at that minor (test/e2e/minor-control-plane.minors.ts) needs everything.
# Compilers run under `nice -n 10` so a first build does not starve the rest of the machine; each
# binary's wall and CPU seconds are logged (the cold-cache figures in docs/e2e.md come from them).
set -euo pipefail
K8S_VERSION="${K8S_VERSION:-v1.34.3}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
here="$(cd "$(dirname "$0")" && pwd)"
gomod="$here"; full=1
if [ "$K8S_VERSION" != "v1.34.3" ]; then
  gomod="$here/minors/$K8S_VERSION"
  full=0; [ "${K8S_PLANE:-apiserver}" = full ] && full=1
  [ -f "$gomod/go.mod" ] || { echo "error: no Go module for $K8S_VERSION (make one with tools/k8s/new-minor.sh $K8S_VERSION)" >&2; exit 2; }
fi
cache="${KUBECTL_WIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-win}/k8s/$K8S_VERSION"
bin="$cache/bin"
mkdir -p "$bin"
log() { printf '[k8s-build] %s\n' "$*" >&2; }

# Built already (binaries are moved into place whole): no lock, so a suite that needs only the
# apiserver does not wait for another process building the rest of this release.
built() {
  local b
  for b in kube-apiserver etcd; do [ -x "$bin/$b" ] || return 1; done
  [ "$full" = 0 ] && return 0
  for b in kube-controller-manager kube-scheduler kubectl kwok; do [ -x "$bin/$b" ] || return 1; done
  [ -f "$cache/kwok.patch-$(sha256sum "$here/kwok-exec.patch" | cut -c1-12)" ] && [ -s "$cache/kwok-stages.yaml" ] && [ -s "$cache/kwok-exec-crd.yaml" ]
}
if built; then echo "$bin"; exit 0; fi

# One build at a time (two test runs, or a test run and the demo): the second waits for the first.
if command -v flock >/dev/null 2>&1 && [ -z "${KUBECTL_WIN_BUILD_LOCKED:-}" ]; then
  exec 9>"$cache/.build.lock"
  if ! flock -n 9; then
    log "another build of the test control plane is running; waiting for it"
    flock 9
  fi
  export KUBECTL_WIN_BUILD_LOCKED=1
fi

# Go is needed only when something is not built yet.
need_go() {
  if ! command -v go >/dev/null 2>&1; then
    echo "error: Go is required to build the test control plane (https://go.dev/dl); none found on PATH" >&2
    exit 2
  fi
}
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"

with_ticker() { # name command...: runs the command, saying every 30 s that it is still going
  local name="$1" t0=$SECONDS rc=0
  shift
  ( while sleep 30; do log "$name: still building ($((SECONDS - t0))s)"; done ) &
  local ticker=$!
  "$@" || rc=$?
  kill "$ticker" 2>/dev/null; wait "$ticker" 2>/dev/null || true
  return "$rc"
}

timed() { # name command...: runs the command and logs its wall time and the CPU its children used
  local name="$1" TIMEFORMAT
  shift
  TIMEFORMAT="[k8s-build] $name: built in %0R s (CPU %0U s user, %0S s system)"
  time "$@"
}

build() { # name package
  local name="$1" pkg="$2"
  if [ -x "$bin/$name" ]; then log "$name: cached"; return; fi
  need_go
  log "$name: building $pkg (first time only; minutes)"
  timed "$name" with_ticker "$name" nice -n 10 bash -c 'cd "$1" && go build -p "$(nproc)" -trimpath -ldflags "$2" -o "$3" "$4"' _ "$gomod" "$ldflags" "$bin/$name.tmp" "$pkg"
  mv "$bin/$name.tmp" "$bin/$name"
}

build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
build etcd go.etcd.io/etcd/server/v3
if [ "$full" = 0 ]; then echo "$bin"; exit 0; fi
build kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager
build kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler
build kubectl k8s.io/kubernetes/cmd/kubectl

kwok_module_dir() { # the kwok module's source in the Go module cache (downloaded if needed)
  need_go
  (cd "$cache" && GOFLAGS= go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
}

# kwok, from its module source with kwok-exec.patch applied, so exec behaves like a kubelet's
# runtime (exit codes as NonZeroExitCode; a command missing from the "image" fails to start).
patch_sum="$(sha256sum "$here/kwok-exec.patch" | cut -c1-12)"
if [ ! -x "$bin/kwok" ] || [ ! -f "$cache/kwok.patch-$patch_sum" ]; then
  log "kwok: building sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION with kwok-exec.patch"
  need_go; moddir="$(kwok_module_dir)"
  [ -d "$moddir" ] || { echo "error: cannot download sigs.k8s.io/kwok@$KWOK_VERSION" >&2; exit 1; }
  src="$cache/kwok-src"
  rm -rf "$src"; cp -r "$moddir" "$src"; chmod -R u+w "$src"
  patch -s -p1 -d "$src" < "$here/kwok-exec.patch"
  timed kwok with_ticker kwok nice -n 10 bash -c 'cd "$1" && GOFLAGS=-mod=mod go build -p "$(nproc)" -trimpath -ldflags "$2" -o "$3" ./cmd/kwok' _ "$src" "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" "$bin/kwok.tmp"
  mv "$bin/kwok.tmp" "$bin/kwok"
  rm -f "$cache"/kwok.patch-*; touch "$cache/kwok.patch-$patch_sum"
fi
# kwok's stages are not compiled in; keep the ones we use (and the Exec CRD) next to the binary.
if [ ! -s "$cache/kwok-stages.yaml" ]; then
  need_go; src="$(kwok_module_dir)/kustomize/stage"
  {
    for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      echo '---'; cat "$src/$f"
    done
  } > "$cache/kwok-stages.yaml.tmp"
  mv "$cache/kwok-stages.yaml.tmp" "$cache/kwok-stages.yaml"
fi
if [ ! -s "$cache/kwok-exec-crd.yaml" ]; then
  cp "$(kwok_module_dir)/kustomize/crd/bases/kwok.x-k8s.io_execs.yaml" "$cache/kwok-exec-crd.yaml.tmp"
  mv "$cache/kwok-exec-crd.yaml.tmp" "$cache/kwok-exec-crd.yaml"
fi
echo "$bin"
