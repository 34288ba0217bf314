// The one way tests make a Pod: the object as a manifest or the apiserver has it (`podObject`), the
// Workload the analyses visit (`podWorkload`), or YAML for the e2e cluster and manifest files
// (`podYaml`). Tests give only what they are about; the rest is the smallest valid pod.
import {stringify} from 'yaml';
import type {KubeObject} from '../../src/k8s/object.js';
import type {Workload} from '../../src/k8s/snapshot.js';
import {toWorkload} from '../../src/source/workloads.js';

export interface PodParts {
  /** Default `p`. */
  name?: string;
  /** None unless given (a manifest without one takes the reader's namespace). */
  namespace?: string;
  /** More metadata: labels, annotations, uid, ownerReferences, ... (after name and namespace). */
  metadata?: Record<string, unknown>;
  /** Default: one container `app`. */
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** The kwok Windows nodes' taint, tolerated (test/e2e/harness/fixtures.ts taints them `os=windows:NoSchedule`). */
export const WINDOWS_TOLERATION = {key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'};

/** A pod spec bound to one Windows node: `spec.os.name: windows`, the taint tolerated, `nodeName` set. */
export function windowsSpecOn(node: string, containers: Record<string, unknown>[]): Record<string, unknown> {
  return {nodeName: node, os: {name: 'windows'}, tolerations: [WINDOWS_TOLERATION], containers};
}

/** A v1 Pod as JSON. */
export function podObject({name = 'p', namespace, metadata = {}, spec = {containers: [{name: 'app', image: 'app'}]}, status}: PodParts = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name, ...(namespace === undefined ? {} : {namespace}), ...metadata},
    spec,
    ...(status === undefined ? {} : {status}),
  };
}

/** The pod as the Workload the analyses visit, read as from a manifest in `defaultNamespace` (default: the pod's, else `default`). */
export function podWorkload(parts: PodParts = {}, defaultNamespace = parts.namespace ?? 'default'): Workload {
  const w = toWorkload(podObject(parts), defaultNamespace);
  if (!w) throw new Error('test pod is not a workload');
  return w;
}

/** The pod as one YAML document (for `kubectl apply`, the harness and manifest files). */
export function podYaml(parts: PodParts = {}): string {
  return stringify(podObject(parts));
}
