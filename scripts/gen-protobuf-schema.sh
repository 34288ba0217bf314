#!/usr/bin/env bash
# npm run gen:protobuf: regenerates src/source/protobuf/schema.generated.ts from the Go types of the
# k8s.io/api version pinned in tools/protoschema/go.mod (needs Go; the module cache or proxy serves it).
set -euo pipefail
cd "$(dirname "$0")/../tools/protoschema"
version="k8s.io/api $(go list -m -f '{{.Version}}' k8s.io/api)"
go run . "$version" > ../../src/source/protobuf/schema.generated.ts.tmp
mv ../../src/source/protobuf/schema.generated.ts.tmp ../../src/source/protobuf/schema.generated.ts
echo "wrote src/source/protobuf/schema.generated.ts ($version)"
