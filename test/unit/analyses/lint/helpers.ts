import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Workload} from '../../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {lintWorkload} from '../../../../src/analyses/lint/analysis.js';
import {podWorkload} from '../../../support/pod.js';

/** Steers a pod to the LTSC 2022 nodes, where its ltsc2022 image runs. */
export const WIN_SCHED = {
  nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'},
  tolerations: [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}],
};

/** A healthy Windows pod spec, to which a test adds one mistake. */
export function winSpec(extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}): Record<string, unknown> {
  return {os: {name: 'windows'}, ...WIN_SCHED, containers: [{name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', ...container}], ...extra};
}

export function pod(spec: Record<string, unknown>, name = 'p'): Workload {
  return podWorkload({name, namespace: 'ns', spec});
}

export function deployment(spec: Record<string, unknown>, name = 'd'): Workload {
  return toWorkload({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name, namespace: 'ns'}, spec: {template: {spec}}} as KubeObject, 'ns')!;
}

export function node(
  name: string,
  opts: {os?: string; build?: string; taints?: unknown[]; runtime?: string; kubelet?: string; labels?: Record<string, string>} = {},
): KubeObject {
  const os = opts.os ?? 'windows';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/os': os,
        'kubernetes.io/hostname': name,
        ...(opts.build ? {'node.kubernetes.io/windows-build': opts.build} : {}),
        ...(opts.labels ?? {}),
      },
    },
    spec: {taints: opts.taints ?? (os === 'windows' ? [{key: 'os', value: 'windows', effect: 'NoSchedule'}] : [])},
    status: {
      nodeInfo: {
        operatingSystem: os,
        containerRuntimeVersion: opts.runtime ?? 'containerd://1.7.25',
        kubeletVersion: opts.kubelet ?? 'v1.34.3',
        kernelVersion: opts.build ? `${opts.build}.100` : '5.15.0',
      },
    },
  };
}

export const NODES = [
  node('win2019', {build: '10.0.17763'}),
  node('win2022', {build: '10.0.20348'}),
  node('winold', {build: '10.0.17763', runtime: 'docker://20.10.9', kubelet: 'v1.22.17'}),
  node('linux', {os: 'linux'}),
];

export function ids(w: Workload, nodes?: KubeObject[]): string[] {
  return lintWorkload(w, nodes).findings.map((f) => f.id);
}

export function findingsOf(w: Workload, id: string, nodes?: KubeObject[]) {
  return lintWorkload(w, nodes).findings.filter((f) => f.id === id);
}
