// etcdfill: the bench's fast fill (bench/fleet.ts). Pods created through kube-apiserver at about
// 60 a second on this machine put 100,000 out of reach; this copies pods the apiserver stored into
// new ones, straight into its etcd, while it runs (its watch cache sees them as any other write).
//
// Usage: etcdfill ENDPOINT PERIOD FROM TO
//
// Pod k of the bench fleet depends only on k modulo PERIOD (its namespace, node, QoS class, gMSA and
// user are residues of k) and on its name, iis-k. So pod k, for FROM <= k < TO, is the stored pod
// iis-(k mod PERIOD) of its namespace (created through the apiserver and marked Running by kwok
// before this runs) with what differs between two creates of one manifest changed as the apiserver
// and kwok would: the name, a new uid, the creation time and the managedFields times, the start
// and condition times kwok writes. The value is encoded as the apiserver encodes pods in etcd
// (protobuf with the k8s\x00 prefix), and written only where no pod of that name is.
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/uuid"
)

const namespaces = 50

func main() {
	if len(os.Args) != 5 {
		fail(fmt.Errorf("usage: etcdfill ENDPOINT PERIOD FROM TO"))
	}
	period, from, to := atoi(os.Args[2]), atoi(os.Args[3]), atoi(os.Args[4])
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{os.Args[1]}, DialTimeout: 10 * time.Second})
	if err != nil {
		fail(err)
	}
	defer cli.Close()
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		fail(err)
	}
	codec := protobuf.NewSerializer(scheme, scheme)
	templates := make([]*corev1.Pod, period)
	ctx := context.Background()
	for i := 0; i < period; i++ {
		key := fmt.Sprintf("/registry/pods/%s/iis-%d", namespaceOf(i), i)
		r, err := cli.Get(ctx, key)
		if err != nil || len(r.Kvs) != 1 {
			fail(fmt.Errorf("template %s: not in etcd (%v)", key, err))
		}
		obj, _, err := codec.Decode(r.Kvs[0].Value, nil, nil)
		if err != nil {
			fail(fmt.Errorf("template %s: %w", key, err))
		}
		p := obj.(*corev1.Pod)
		if p.Status.Phase != corev1.PodRunning {
			fail(fmt.Errorf("template %s is %s, not Running", key, p.Status.Phase))
		}
		templates[i] = p
	}
	var written, existed atomic.Int64
	var wg sync.WaitGroup
	next := make(chan int, 1024)
	errs := make(chan error, 1)
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for k := range next {
				pod := copyOf(templates[k%period], k)
				buf.Reset()
				if err := codec.Encode(pod, &buf); err != nil {
					report(errs, err)
					continue
				}
				key := fmt.Sprintf("/registry/pods/%s/%s", pod.Namespace, pod.Name)
				r, err := cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(key), "=", 0)).Then(clientv3.OpPut(key, buf.String())).Commit()
				if err != nil {
					report(errs, err)
					continue
				}
				if r.Succeeded {
					written.Add(1)
				} else {
					existed.Add(1)
				}
			}
		}()
	}
	for k := from; k < to; k++ {
		next <- k
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		fail(err)
	default:
	}
	fmt.Printf("%d pods written, %d already there\n", written.Load(), existed.Load())
}

func namespaceOf(k int) string { return fmt.Sprintf("bench-%02d", k%namespaces) }

// copyOf is the template as a second create of pod k's manifest would have stored it.
func copyOf(t *corev1.Pod, k int) *corev1.Pod {
	p := t.DeepCopy()
	now := metav1.NewTime(time.Now().Truncate(time.Second))
	p.Name = "iis-" + strconv.Itoa(k)
	p.UID = types.UID(uuid.NewUUID())
	p.CreationTimestamp = now
	p.ResourceVersion = ""
	for i := range p.ManagedFields {
		p.ManagedFields[i].Time = &now
	}
	if p.Status.StartTime != nil {
		p.Status.StartTime = &now
	}
	for i := range p.Status.Conditions {
		p.Status.Conditions[i].LastTransitionTime = now
	}
	for i := range p.Status.ContainerStatuses {
		if r := p.Status.ContainerStatuses[i].State.Running; r != nil {
			r.StartedAt = now
		}
	}
	return p
}

func report(errs chan error, err error) {
	select {
	case errs <- err:
	default:
	}
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		fail(fmt.Errorf("%q: not a count", s))
	}
	return n
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "etcdfill: %v\n", err)
	os.Exit(1)
}
