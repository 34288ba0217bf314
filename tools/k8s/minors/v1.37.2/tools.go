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
