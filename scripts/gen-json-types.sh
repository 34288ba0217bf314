#!/usr/bin/env bash
# npm run gen:json-types: regenerates src/k8s/json-types.generated.ts (the JSON field types the
# apiserver decodes pods and workloads into) from the Go types of the k8s.io/api version pinned in
# tools/jsonschema/go.mod: the version of the apiserver lint follows (v1.34), so a field that version
# does not know is an unknown field. Needs Go; the module cache (filled by the test control plane
# build, same go.mod) or the module proxy serves it. With an argument, writes there instead (the e2e
# freshness test compares that with the committed file).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/src/k8s/json-types.generated.ts}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
cd "$root/tools/jsonschema"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
version="k8s.io/api $(go list -m -f '{{.Version}}' k8s.io/api)"
go run . "$version" > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($version)"
