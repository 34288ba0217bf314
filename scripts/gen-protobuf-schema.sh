#!/usr/bin/env bash
# npm run gen:protobuf: regenerates src/source/protobuf/schema.generated.ts from the Go types of the
# k8s.io/api version pinned in tools/protoschema/go.mod (needs Go; the module cache or proxy serves it).
# With an argument, writes there instead (the e2e freshness test compares that with the committed file).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/src/source/protobuf/schema.generated.ts}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
cd "$root/tools/protoschema"
version="k8s.io/api $(go list -m -f '{{.Version}}' k8s.io/api)"
go run . "$version" > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($version)"
