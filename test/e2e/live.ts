// The set-up the live e2e suites share: the control plane (harness/) with the suite's namespaces,
// and pods created through the apiserver, a refusal failing the set-up with the apiserver's words.
import assert from 'node:assert/strict';
import {controlPlane, type ControlPlane} from '../../harness/index.js';

/** For a suite's before hook: the control plane (a cold start may take minutes) with `namespaces` created. */
export async function controlPlaneWith(hook: Mocha.Context, ...namespaces: string[]): Promise<ControlPlane> {
  hook.timeout(600_000);
  const cp = await controlPlane();
  for (const ns of namespaces) await cp.createNamespace(ns);
  return cp;
}

/** Creates the v1 Pod `pod` (its kind and apiVersion added) in `namespace`. */
export async function createPod(cp: ControlPlane, namespace: string, pod: Record<string, unknown>): Promise<void> {
  const r = await cp.api<{message?: string}>('POST', `/api/v1/namespaces/${namespace}/pods`, {apiVersion: 'v1', kind: 'Pod', ...pod});
  const name = (pod.metadata as {name?: string} | undefined)?.name;
  assert.ok(r.status < 300, `create pod ${name}: ${r.status} ${r.body?.message}`);
}

/** Waits (up to 2 minutes) until `namespace` holds `count` pods, e.g. once a ReplicaSet made its pods. */
export async function waitForPods(cp: ControlPlane, namespace: string, count: number): Promise<void> {
  for (const deadline = Date.now() + 120_000; ;) {
    const pods = await cp.api<{items: unknown[]}>('GET', `/api/v1/namespaces/${namespace}/pods`);
    if (pods.body.items.length === count) return;
    assert.ok(Date.now() < deadline, `${namespace} did not reach ${count} pods (the ReplicaSet did not create its pods)`);
    await new Promise((res) => setTimeout(res, 500));
  }
}
