//go:build tools

// Package tools pins the commands the differential suites need at this release, so go.sum covers
// them: only an apiserver and its etcd (dry-run needs no scheduler, controllers or nodes).
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
)
